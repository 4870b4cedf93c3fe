/**
 * The heap proof: which waiting threads (parked on any primitive, in {@code Object.wait},
 * entering a monitor, joining) nothing running can ever wake, proven from an HPROF heap dump, in
 * the manner of Go's GC-based goroutine-leak detection.
 *
 * <p>In layers, as LeakCanary's Shark splits hprof, graph and analysis: {@code HeapDump} (with
 * {@code DumpBytes}, {@code DumpClass}, {@code ObjectIndex}, {@code IntChunks},
 * {@code ThreadObjects}, {@code IdMap}, {@code LongList}) streams the dump into a graph of
 * primitive arrays, following the {@code GraphRules}, and never keeps a Java object per heap
 * object nor the file; {@code WakeProof} (with {@code ObjectMarks}, {@code IntStack}) marks from
 * the roots to the fixpoint and names holders and cycles; {@code StaticHolders} finds which of the
 * caller's subjects (a check's leaked threads, executors and tasks) a static field holds as a singleton;
 * {@link dev.threadleak.heapproof.HeapProof} is the entry, taking a
 * {@link dev.threadleak.heapproof.ProofInput} (each thread's {@link dev.threadleak.heapproof.ThreadWait},
 * and what of the heap is the caller's own) and returning a result that carries its failure
 * rather than throwing; a {@link dev.threadleak.heapproof.DumpFile} is where a dump is written
 * and deleted, named after the process that wants it, so that the dumps of processes that are
 * gone can be swept; {@link dev.threadleak.heapproof.HeapFinding},
 * {@link dev.threadleak.heapproof.HeapRemark} and {@link dev.threadleak.heapproof.ProvenLeaks} turn
 * findings into a report's verdicts and remarks into its {@code why}. The layers share one
 * package so that the reader's index stays package-private: only the entry and its result are
 * public.
 *
 * <p>Depends on the report model and {@code io} only: the agent proves its own heap with it, the
 * CLI a heap the target JVM wrote.
 */
package dev.threadleak.heapproof;
