package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.threadleak.api.Agent;
import dev.threadleak.api.AgentUnavailableException;
import dev.threadleak.api.Finding;
import dev.threadleak.api.FindingFilter;
import dev.threadleak.api.GracePeriod;
import dev.threadleak.api.LeakScope;
import dev.threadleak.api.Scope;
import dev.threadleak.api.ScopeCheck;
import dev.threadleak.api.Threadleak;
import dev.threadleak.api.Window;
import dev.threadleak.report.Frame;
import dev.threadleak.report.Leak;
import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import dev.threadleak.report.ThreadRef;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * Pins the contract the agent implements. Compiling this class fails when a method the clients
 * call changes its signature; the test fails when the API gains or loses a public method without
 * this list (and the agent, and {@code ApiContractIT}) following.
 */
class ApiContractTest {

    private interface NewScope {
        Scope open(Agent agent, ScopeInfo scope, String ending, Predicate<Thread> runnerThreads);
    }

    private interface Check {
        ScopeCheck run(Scope scope, Duration grace, FindingFilter filter, boolean prove);
    }

    private interface Report {
        LeakReport of(Scope scope, ScopeCheck check, List<String> notes);
    }

    private interface Await {
        ScopeCheck run(Duration grace, Supplier<List<Finding>> findings, FindingFilter filter);
    }

    private interface WakesSoon {
        boolean test(Finding finding, long endedNanos, long lookedAfterNanos);
    }

    private interface AwaitWakes {
        ScopeCheck run(Duration grace, long endedNanos, Supplier<List<Finding>> findings, FindingFilter filter);
    }

    private interface SharingProofs {
        Agent.ProofSharing share(Agent agent, List<Scope> scopes, FindingFilter filter);
    }

    private interface ScopeReport {
        LeakReport check(LeakScope scope, Duration grace) throws InterruptedException;
    }

    // What clients call, with the exact types they compile against.
    static final Supplier<Agent> FIND = Threadleak::agent;
    static final Predicate<Agent> REGISTER = Threadleak::register;
    static final ToIntFunction<Agent> API_VERSION = Agent::apiVersion;
    static final NewScope NEW_SCOPE = Agent::newScope;
    static final BiFunction<Agent, Duration, LeakReport> LIVE_REPORT = Agent::liveReport;
    static final Function<Agent, Duration> HEAP_PROOF_TIME = Agent::heapProofTime;
    static final SharingProofs SHARING_PROOFS = Agent::sharingProofs;
    static final Consumer<Agent.ProofSharing> STOP_SHARING = Agent.ProofSharing::close;
    static final Function<Scope, Window> OPEN_WINDOW = Scope::openWindow;
    static final Function<Scope, List<Finding>> FINDINGS = Scope::findings;
    static final Check CHECK = Scope::check;
    static final Report REPORT = Scope::report;
    static final BiConsumer<Scope, Object> HOLDER_ALSO = Scope::holderAlso;
    static final Consumer<Window> CLOSE = Window::close;
    static final Function<Finding, String> KEY = Finding::key;
    static final Function<Finding, List<Frame>> CURRENT_STACK = Finding::currentStack;
    static final Function<Finding, Leak> LEAK = Finding::leak;
    static final Function<Finding, Thread> THREAD = Finding::thread;
    static final Function<Finding, List<Thread>> WORKERS = Finding::workers;
    static final Function<Finding, String> HELD_BY = Finding::heldBy;
    static final Function<Finding, ThreadRef> STARTED_WITH = Finding::startedWith;
    static final Await AWAIT = GracePeriod::await;
    static final AwaitWakes AWAIT_WAKES = GracePeriod::awaitingWakes;
    static final WakesSoon WAKES_SOON = GracePeriod::wakesSoonAfter;
    static final Predicate<Finding> UNKNOWN_END = GracePeriod::inAWaitOfUnknownEnd;
    static final Function<Leak, String> UNKNOWN_END_OF = GracePeriod::unknownEndOf;
    static final BiFunction<FindingFilter, Finding, String> DEFERS_BEHIND = FindingFilter::defersBehind;
    static final Function<String, LeakScope> LEAK_SCOPE = LeakScope::open;
    static final ScopeReport LEAK_SCOPE_CHECK = LeakScope::check;
    static final Predicate<AgentUnavailableException> INSTALLED = AgentUnavailableException::installed;

    @Test
    void theAgentImplementsTheVersionOfTheContractItWasBuiltWith() {
        Agent agent = new InstalledAgent(null, null, null, null);
        assertEquals(Agent.API_VERSION, API_VERSION.applyAsInt(agent));
    }

    @Test
    void thePublicMethodsOfTheContractAreTheOnesPinnedHere() {
        assertEquals(List.of("API_VERSION", "apiVersion():int", "heapProofTime():Duration",
                "liveReport(Duration):LeakReport", "newScope(ScopeInfo,String,Predicate):Scope",
                "sharingProofs(List,FindingFilter):ProofSharing"), members(Agent.class));
        assertEquals(List.of("close():void"), members(Agent.ProofSharing.class));
        assertEquals(List.of("check(Duration,FindingFilter,boolean):ScopeCheck", "findings():List",
                "holderAlso(Object):void", "openWindow():Window", "report(ScopeCheck,List):LeakReport"),
                members(Scope.class));
        assertEquals(List.of("close():void"), members(Window.class));
        assertEquals(List.of("NONE", "defersBehind(Finding):String", "defersWake(Finding):String", "excludes(Finding):String"),
                members(FindingFilter.class));
        assertEquals(List.of("agent():Agent", "isRegistered():boolean", "register(Agent):boolean"),
                members(Threadleak.class));
        assertEquals(List.of("currentStack():List", "describe():String", "detached():Finding", "heldBy():String",
                "heldBy(String):Finding", "heldWith(String,ThreadRef):Finding", "keptBy():String", "keptBy(String):Finding", "key():String", "leak():Leak", "names():List", "settled():boolean", "startedWith():ThreadRef", "thread():Thread", "toString():String",
                "wakesAfter(long):boolean", "workers():List"),
                members(Finding.class));
        assertEquals(List.of("clean():boolean", "deaths():List", "equals(Object):boolean", "excluded():List",
                "hashCode():int", "leaks():List", "notes():List", "toString():String"), members(ScopeCheck.class));
        assertEquals(List.of("await(Duration,Supplier,FindingFilter):ScopeCheck",
                "awaitingWakes(Duration,long,Supplier,FindingFilter):ScopeCheck", "inAWaitOfUnknownEnd(Finding):boolean",
                "toldOfUnseenEnds(ScopeCheck,long):ScopeCheck", "unknownEndOf(Leak):String",
                "wakesSoonAfter(Finding,long,long):boolean"),
                members(GracePeriod.class));
        assertEquals(List.of("check(Duration):LeakReport", "name():String", "open(String):LeakScope"),
                members(LeakScope.class));
        assertEquals(List.of("installed():boolean"), members(AgentUnavailableException.class));
    }

    /** Public fields and methods declared by {@code type}, as {@code name(ParameterTypes):ReturnType}. */
    private static List<String> members(Class<?> type) {
        List<String> fields = Arrays.stream(type.getDeclaredFields())
                .filter(f -> Modifier.isPublic(f.getModifiers()))
                .map(java.lang.reflect.Field::getName).toList();
        List<String> methods = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic())
                .map(ApiContractTest::signature).toList();
        return java.util.stream.Stream.concat(fields.stream(), methods.stream()).sorted().toList();
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(java.util.stream.Collectors.joining(",", "(", ")")) + ":" + m.getReturnType().getSimpleName();
    }
}
