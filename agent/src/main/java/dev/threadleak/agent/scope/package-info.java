/**
 * The scope engine: which threads, executors, tasks and deaths belong to a scope, decided once for
 * every client (the API's {@code LeakScope}, the JUnit extension). A scope is the union of its
 * windows; a window belongs to the thread that opened it and its lineage is cut at threads older
 * than the window and at the caller's runner threads. Here too: the check (grace period, then the
 * heap proof on a thread of its own, and the static fields that hold what is left as singletons,
 * which later checks read again by reflection before they dump: {@code SingletonFields}; a
 * dump several scopes' checks share, as a test class's end checks again what each test left:
 * {@code SharedProofs}), and the chain of threads that makes a leak the scope's when a thread it started made it
 * ({@code CreatorChains}). {@code reporting.JvmReports} builds the findings.
 *
 * <p>Public: {@code ScopeEngine}, which the installer gives to its {@code dev.threadleak.api.Agent}.
 */
package dev.threadleak.agent.scope;
