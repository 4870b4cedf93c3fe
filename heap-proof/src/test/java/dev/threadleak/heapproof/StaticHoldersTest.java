package dev.threadleak.heapproof;

import static dev.threadleak.heapproof.HprofBuilder.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticHoldersTest {

    private static final ProofInput.StaticField SUBJECTS = new ProofInput.StaticField("com.acme.tracker.Table",
            "SUBJECTS");

    /**
     * One heap with a subject held each way: through fields from a library's static (held), and
     * through what does not make a singleton (a list, a weak reference, another thread), from a
     * test runner's static, or only from the caller's own table (not held).
     */
    @Test
    void aStaticFieldHoldsASubjectThroughFieldsAloneAndThroughNothingElse() {
        HprofBuilder b = new HprofBuilder(8);
        long object = b.declare("java.lang.Object", 0);
        long array = b.declare("[Ljava.lang.Object;", object);
        long thread = b.declare("java.lang.Thread", object, "contextClassLoader");
        long pool = b.declare("com.lib.Pool", object);
        long service = b.declare("com.lib.Service", object, "pool");
        long manager = b.declare("com.lib.Manager", object, "service");
        long collection = b.declare("java.util.AbstractCollection", object);
        long list = b.declare("java.util.LinkedList", collection, "first");
        long node = b.declare("java.util.LinkedList$Node", object, "item");
        long reference = b.declare("java.lang.ref.Reference", object, "referent");
        long weak = b.declare("java.lang.ref.WeakReference", reference);

        long singleton = b.instance(pool);
        long inList = b.instance(pool);
        long weakly = b.instance(pool);
        long runners = b.instance(pool);
        long behindAThread = b.instance(pool);
        long onlyInTheTable = b.instance(pool);
        long aThread = b.instance(thread, fields("contextClassLoader", 0L));
        long byManager = b.instance(manager, fields("service", b.instance(service, fields("pool", singleton))));
        long linkedList = b.instance(list, fields("first", b.instance(node, fields("item", inList))));
        long inArray = b.instance(pool);
        long inAJdkRegistry = b.instance(pool);
        long jdkList = b.instance(list, fields("first", b.instance(node, fields("item", inAJdkRegistry))));
        b.declare("jdk.internal.vm.Registry", object, List.of(), Map.of("ALL", jdkList));
        long ref = b.instance(weak, fields("referent", weakly));
        long otherThread = b.instance(thread, fields("contextClassLoader", behindAThread));
        b.declare("com.lib.Registry", object, List.of(), Map.of("INSTANCE", byManager, "WORKER", aThread));
        b.declare("com.lib.Lists", object, List.of(), Map.of("ALL", linkedList, "CACHE", ref, "MAIN", otherThread,
                "ARRAY", b.objectArray(array, inArray)));
        b.declare("org.junit.platform.Store", object, List.of(), Map.of("KEPT", runners));
        long table = b.objectArray(array, singleton, inList, weakly, runners, behindAThread, onlyInTheTable, aThread, 0,
                inArray, inAJdkRegistry);
        b.declare("com.acme.tracker.Table", object, List.of(), Map.of("SUBJECTS", table));

        StaticHolders holders = trackerHolders(b);
        Map<Integer, String> held = holders.find();

        assertEquals(Map.of(0, "com.lib.Registry.INSTANCE", 6, "com.lib.Registry.WORKER"), held,
                "held: the pool behind INSTANCE's fields, the thread in WORKER; not: a linked list's element, an array's, a "
                        + "weak referent, a test runner's, one behind another thread, one only the caller's table holds");
        assertEquals(Map.of(1, "com.lib.Lists.ALL", 8, "com.lib.Lists.ARRAY"), holders.keptThrough(held),
                "kept through a collection or an array by the program's statics; never through a weak referent or "
                        + "another thread, and never by a test runner's or the JDK's registries");
    }

    /**
     * Milo's trial: a server's watcher threads, reachable from the library's shared scheduler only
     * through a task queued there to run once, which refers to the server: a passing path, let go
     * of as the task runs, and not what keeps them. A periodic task's path is kept, as Netty's.
     */
    @Test
    void aTaskQueuedToRunOnceKeepsNothingThroughItAndAPeriodicOneDoes() {
        HprofBuilder b = new HprofBuilder(8);
        long object = b.declare("java.lang.Object", 0);
        long array = b.declare("[Ljava.lang.Object;", object);
        long pool = b.declare("com.lib.Watchers", object);
        long server = b.declare("com.lib.Server", object, "watchers");
        long jdkTask = b.declare("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask", object,
                "callable", "period:J");
        long nettyTask = b.declare("io.netty.util.concurrent.ScheduledFutureTask", object, "task", "periodNanos:J");
        long collection = b.declare("java.util.AbstractCollection", object);
        long queue = b.declare("java.util.concurrent.DelayQueue", collection, "items");

        long behindOnce = b.instance(pool);
        long behindPeriodic = b.instance(pool);
        long behindNettyOnce = b.instance(pool);
        long once = b.instance(jdkTask, fields("callable", b.instance(server, fields("watchers", behindOnce)), "period", 0L));
        long periodic = b.instance(jdkTask, fields("callable", b.instance(server, fields("watchers", behindPeriodic)),
                "period", 1_000L));
        long nettyOnce = b.instance(nettyTask, fields("task", b.instance(server, fields("watchers", behindNettyOnce)),
                "periodNanos", 0L));
        long queued = b.instance(queue, fields("items", b.objectArray(array, once, periodic, nettyOnce)));
        b.declare("com.lib.Stack", object, List.of(), Map.of("SCHEDULER", queued));
        long table = b.objectArray(array, behindOnce, behindPeriodic, behindNettyOnce);
        b.declare("com.acme.tracker.Table", object, List.of(), Map.of("SUBJECTS", table));

        StaticHolders holders = trackerHolders(b);

        assertEquals(Map.of(1, "com.lib.Stack.SCHEDULER"), holders.keptThrough(holders.find()),
                "only what the periodic task refers to");
    }

    /**
     * A {@code Timer}'s task with period 0 and a wheel timer's timeout (Netty's, or a shaded copy)
     * run once, as a pool's one-shot task does; a {@code Timer}'s periodic task keeps what it refers to.
     */
    @Test
    void aTimersOneShotTaskAndAWheelTimersTimeoutKeepNothingThroughThem() {
        HprofBuilder b = new HprofBuilder(8);
        long object = b.declare("java.lang.Object", 0);
        long array = b.declare("[Ljava.lang.Object;", object);
        long pool = b.declare("com.lib.Watchers", object);
        long server = b.declare("com.lib.Server", object, "watchers");
        long timerTask = b.declare("java.util.TimerTask", object, "period:J");
        long userTask = b.declare("com.lib.Server$Expiry", timerTask, "server");
        long timeout = b.declare("org.apache.dubbo.common.timer.HashedWheelTimer$HashedWheelTimeout", object,
                "task", "deadline:J");

        long behindOnce = b.instance(pool);
        long behindPeriodic = b.instance(pool);
        long behindTimeout = b.instance(pool);
        long once = b.instance(userTask, fields("server", b.instance(server, fields("watchers", behindOnce)),
                "period", 0L));
        long periodic = b.instance(userTask, fields("server", b.instance(server, fields("watchers", behindPeriodic)),
                "period", -5_000L));
        long wheel = b.instance(timeout, fields("task", b.instance(server, fields("watchers", behindTimeout)),
                "deadline", 30_000_000_000L));
        b.declare("com.lib.Timers", object, List.of(), Map.of("QUEUED", b.objectArray(array, once, periodic, wheel)));
        long table = b.objectArray(array, behindOnce, behindPeriodic, behindTimeout);
        b.declare("com.acme.tracker.Table", object, List.of(), Map.of("SUBJECTS", table));

        StaticHolders holders = trackerHolders(b);

        assertEquals(Map.of(1, "com.lib.Timers.QUEUED"), holders.keptThrough(holders.find()),
                "only what the periodic Timer task refers to");
    }

    /**
     * JMockit keeps the running test's instance in a static field, Mockito every mock's handler
     * and with it what the test stubbed the mock to return (Artemis's trial: a test's executor,
     * the answer of a mocked {@code getExecutorFactory()}, only warned its class as kept by
     * {@code MockUtil.mockMakers}): neither is a singleton nor keeps anything for the JVM.
     */
    @Test
    void aMockingFrameworksStaticThatHoldsTheRunningTestOrItsMocksHoldsNothing() {
        HprofBuilder b = new HprofBuilder(8);
        long object = b.declare("java.lang.Object", 0);
        long array = b.declare("[Ljava.lang.Object;", object);
        long pool = b.declare("com.lib.Pool", object);
        long test = b.declare("com.acme.ServerTest", object, "server");
        long answer = b.declare("org.mockito.internal.stubbing.answers.Returns", object, "value");
        long server = b.instance(pool);
        long stubbed = b.instance(pool);
        b.declare("mockit.internal.state.TestRun", object, List.of(), Map.of("INSTANCE", b.instance(test,
                fields("server", server))));
        b.declare("org.mockito.internal.util.MockUtil", object, List.of(), Map.of("mockMakers",
                b.objectArray(array, b.instance(answer, fields("value", stubbed)))));
        b.declare("com.acme.tracker.Table", object, List.of(), Map.of("SUBJECTS", b.objectArray(array, server, stubbed)));

        StaticHolders holders = trackerHolders(b);

        assertEquals(Map.of(), holders.find(), "the test's server and its mock's answer are the test's");
        assertEquals(Map.of(), holders.keptThrough(Map.of()));
    }

    /**
     * A pool inside a Spring context the test context cache shares among test classes: a field
     * inside the context (Spring Data's metamodel cache) reaches it too, and comes first in the
     * dump; the cache is what keeps it, and is named.
     */
    @Test
    void whatATestFrameworksSharedFixtureKeepsIsCreditedToThatFixture() {
        HprofBuilder b = new HprofBuilder(8);
        long object = b.declare("java.lang.Object", 0);
        long array = b.declare("[Ljava.lang.Object;", object);
        long pool = b.declare("com.zaxxer.hikari.HikariPool", object);
        long context = b.declare("org.springframework.context.support.GenericApplicationContext", object, "pool");
        long collection = b.declare("java.util.AbstractCollection", object);
        long list = b.declare("java.util.LinkedList", collection, "first");
        long node = b.declare("java.util.LinkedList$Node", object, "item");

        long hikari = b.instance(pool);
        long cached = b.instance(context, fields("pool", hikari));
        b.declare("org.springframework.data.jpa.util.JpaMetamodel", object, List.of(),
                Map.of("CACHE", b.instance(list, fields("first", b.instance(node, fields("item", cached))))));
        b.declare("org.springframework.test.context.cache.DefaultCacheAwareContextLoaderDelegate", object, List.of(),
                Map.of("defaultContextCache", b.instance(list, fields("first", b.instance(node, fields("item", cached))))));
        b.declare("com.acme.tracker.Table", object, List.of(), Map.of("SUBJECTS", b.objectArray(array, hikari)));

        StaticHolders holders = trackerHolders(b);

        assertEquals(Map.of(0, "org.springframework.test.context.cache.DefaultCacheAwareContextLoaderDelegate"
                + ".defaultContextCache"), holders.keptThrough(holders.find()));
    }

    /**
     * A server's poller thread, to which only the JVM refers: its Runnable hangs off the endpoint a
     * static list keeps, so it is kept there too. Two threads running one Runnable are not credited
     * through it: a task kept once says nothing of how many threads run it; nor is a thread whose
     * task is a static's own value or a constant of its class (a lambda that captures nothing).
     */
    @Test
    void aThreadIsKeptWhereTheRunnableItRunsIsKeptUnlessAnotherSubjectRunsItToo() {
        HprofBuilder b = new HprofBuilder(8);
        long object = b.declare("java.lang.Object", 0);
        long array = b.declare("[Ljava.lang.Object;", object);
        long thread = b.declare("java.lang.Thread", object, "target");
        long poller = b.declare("org.apache.tomcat.Poller", object);
        long endpoint = b.declare("org.apache.tomcat.NioEndpoint", object, "poller");
        long collection = b.declare("java.util.AbstractCollection", object);
        long list = b.declare("java.util.LinkedList", collection, "first");
        long node = b.declare("java.util.LinkedList$Node", object, "item");

        long itsPoller = b.instance(poller);
        long pollerThread = b.instance(thread, fields("target", itsPoller));
        long sharedTask = b.instance(poller);
        long oneOfTwo = b.instance(thread, fields("target", sharedTask));
        long otherOfTwo = b.instance(thread, fields("target", sharedTask));
        long server = b.instance(endpoint, fields("poller", itsPoller));
        long constant = b.instance(poller);
        long runsAConstant = b.instance(thread, fields("target", constant));
        long lambda = b.instance(poller);
        long runsALambda = b.instance(thread, fields("target", lambda));
        b.declare("com.lib.Servers", object, List.of(), Map.of(
                "ALL", b.instance(list, fields("first", b.instance(node, fields("item", server)))),
                "TASKS", b.instance(list, fields("first", b.instance(node, fields("item", sharedTask)))),
                "NOOP", constant, "<resolved_references>", b.objectArray(array, lambda)));
        b.declare("com.acme.tracker.Table", object, List.of(),
                Map.of("SUBJECTS", b.objectArray(array, pollerThread, oneOfTwo, otherOfTwo, runsAConstant, runsALambda)));

        StaticHolders holders = trackerHolders(b);
        Map<Integer, String> held = holders.find();

        assertEquals(Map.of(), held, "nothing holds a thread object");
        assertEquals(Map.of(0, "com.lib.Servers.ALL"), holders.keptThrough(held),
                "not through a task run by two, nor one that is a static's value or a class's constant (a lambda)");
    }

    /**
     * Two static fields keep a worker, through collections: a log cache that met it, first in the
     * dump (loaded last), and the registry of the code that made it. The maker's is named; failing
     * its class, a field of its package; a JDK class among the makers says nothing.
     */
    @Test
    void ofTwoFieldsThatKeepASubjectTheMakersIsNamed() {
        Heap h = new Heap();
        long worker = h.b.instance(h.b.declare("com.lib.Pool", h.object));
        h.b.declare("org.logs.LogCache", h.object, List.of(), Map.of("CACHE", h.listOf(worker)));
        h.b.declare("com.lib.registry.Registry", h.object, List.of(), Map.of("WORKERS", h.listOf(worker)));
        HeapDump heap = h.read(worker);

        assertEquals(Map.of(0, "org.logs.LogCache.CACHE"), keptThrough(heap, List.of()), "without makers: the dump's order");
        assertEquals(Map.of(0, "com.lib.registry.Registry.WORKERS"),
                keptThrough(heap, List.of("java.util.concurrent.Executors", "com.lib.registry.Registry$Starter")),
                "a class nested in the field's class made it");
        assertEquals(Map.of(0, "com.lib.registry.Registry.WORKERS"), keptThrough(heap, List.of("com.lib.registry.Pools")),
                "a class of the field's package made it");
        assertEquals(Map.of(0, "org.logs.LogCache.CACHE"), keptThrough(heap, List.of("java.util.concurrent.Executors")),
                "the JDK's frames say nothing of who made it");
    }

    /**
     * A library made its JVM-wide manager and keeps it in its static field; the test class that
     * asked for it keeps a handle on the manager in its own static field (Commons VFS's trial:
     * {@code VFS.instance} and a test class's static {@code FileObject}). The library's field is
     * named, whichever the dump lists first: where the test class is a maker, the library's class is
     * nearer to where the manager's thread was made; where the library's class is none (the thread
     * was made when a later call first needed it), the test class, which a test framework entered,
     * holds it as a singleton only where no other class does. Kept through a collection, the
     * makers' order alone decides.
     */
    @Test
    void aTestClassHoldsAsASingletonOnlyWhatNoOtherClassHolds() {
        Heap h = new Heap();
        long thread = h.b.declare("com.lib.cache.ReleaseThread", h.object);
        long manager = h.b.declare("com.lib.Manager", h.object, "releaser");
        long handle = h.b.declare("com.lib.FileHandle", h.object, "manager");
        long releaser = h.b.instance(thread);
        long theManager = h.b.instance(manager, fields("releaser", releaser));
        long worker = h.b.instance(thread);
        h.b.declare("org.tests.SelectorTest", h.object, List.of(), Map.of(
                "baseFolder", h.b.instance(handle, fields("manager", theManager)), "WORKERS", h.listOf(worker)));
        h.b.declare("com.lib.Vfs", h.object, List.of(), Map.of("instance", theManager, "CACHE", h.listOf(worker)));
        HeapDump heap = h.read(releaser, worker);
        List<String> bookkeeping = List.of("com.acme.tracker.");

        assertEquals(Map.of(0, "org.tests.SelectorTest.baseFolder"), new StaticHolders(heap, bookkeeping).find(),
                "without makers: the dump's order (the test class first)");
        assertEquals(Map.of(0, "com.lib.Vfs.instance"), new StaticHolders(heap, bookkeeping, new Makers(
                List.of("com.lib.cache.ReleaseThread", "com.lib.Vfs", "org.tests.SelectorTest"), List.of())).find(),
                "of two makers, the one nearer to where the thread was made");
        StaticHolders entered = new StaticHolders(heap, bookkeeping, new Makers(
                List.of("com.lib.cache.ReleaseThread", "com.lib.Manager", "org.tests.SelectorTest"),
                List.of("org.tests.SelectorTest")));
        Map<Integer, String> held = entered.find();
        assertEquals(Map.of(0, "com.lib.Vfs.instance"), held, "the test class a test framework entered comes last");
        assertEquals(Map.of(1, "org.tests.SelectorTest.WORKERS"), entered.keptThrough(held),
                "kept through collections: the makers first, the test class among them");
    }

    /**
     * Netty's resolver group maps each event loop that resolved a name, and drops it as the loop
     * ends: it keeps no loop running (Qpid JMS's trial: a client's loop nobody shut down was only
     * warned, as kept by {@code DefaultAddressResolverGroup.INSTANCE}), shaded or not. What a
     * registry of the library keeps beside it is still kept.
     */
    @Test
    void nettysResolverGroupThatMapsTheLoopsItMetKeepsNone() {
        Heap h = new Heap();
        long loop = h.b.declare("io.netty.channel.nio.NioEventLoop", h.object);
        long group = h.b.declare("io.netty.resolver.AddressResolverGroup", h.object, "resolvers");
        long defaultGroup = h.b.declare("io.netty.resolver.DefaultAddressResolverGroup", group);
        long shadedGroup = h.b.declare("io.grpc.netty.shaded.io.netty.resolver.AddressResolverGroup", h.object,
                "resolvers");

        long clientLoop = h.b.instance(loop);
        long sharedLoop = h.b.instance(loop);
        long shadedLoop = h.b.instance(loop);
        h.b.declare("io.netty.resolver.DefaultAddressResolverGroup", defaultGroup, List.of(), Map.of(
                "INSTANCE", h.b.instance(defaultGroup, fields("resolvers", h.listOf(clientLoop))),
                "ALSO", h.b.instance(defaultGroup, fields("resolvers", h.listOf(sharedLoop)))));
        h.b.declare("io.grpc.netty.shaded.io.netty.resolver.DefaultAddressResolverGroup", h.object, List.of(),
                Map.of("INSTANCE", h.b.instance(shadedGroup, fields("resolvers", h.listOf(shadedLoop)))));
        h.b.declare("com.acme.netty.SharedEventLoopGroup", h.object, List.of(), Map.of("LOOPS", h.listOf(sharedLoop)));
        HeapDump heap = h.read(clientLoop, sharedLoop, shadedLoop);

        assertEquals(Map.of(1, "com.acme.netty.SharedEventLoopGroup.LOOPS"), keptThrough(heap, List.of()),
                "only the loop a registry of the program keeps is kept");
    }

    /**
     * Logback's status messages name the component that logged them (its {@code origin}), in the
     * context's list of the last ones: a message keeps no appender's worker running (Dropwizard's
     * trial: appenders a test built and never stopped only warned their class, as kept by a
     * logger's context through an {@code InfoStatus}). The context's own list of appenders still
     * keeps those attached to a logger.
     */
    @Test
    void logbacksStatusMessagesKeepNoComponentTheyName() {
        Heap h = new Heap();
        long appender = h.b.declare("ch.qos.logback.core.AsyncAppenderBase", h.object);
        long statusBase = h.b.declare("ch.qos.logback.core.status.StatusBase", h.object, "origin");
        long info = h.b.declare("ch.qos.logback.core.status.InfoStatus", statusBase);
        long context = h.b.declare("ch.qos.logback.classic.LoggerContext", h.object, "statuses", "attached");
        long logger = h.b.declare("ch.qos.logback.classic.Logger", h.object, "context");
        long built = h.b.instance(appender);
        long attached = h.b.instance(appender);
        long theContext = h.b.instance(context, fields("statuses", h.listOf(h.b.instance(info, fields("origin", built))),
                "attached", h.listOf(attached)));
        h.b.declare("io.dropwizard.logging.AbstractAppenderFactory", h.object, List.of(),
                Map.of("LOGGER", h.b.instance(logger, fields("context", theContext))));
        HeapDump heap = h.read(built, attached);

        assertEquals(Map.of(1, "io.dropwizard.logging.AbstractAppenderFactory.LOGGER"), keptThrough(heap, List.of()),
                "only the appender the context's list of appenders keeps");
    }

    /**
     * Log4j's trial: an async logger's thread kept by {@code AbstractManager.MAP} was its logger
     * context's, which nothing stopped; the chain from the field names that context. The JDK's
     * objects on it (a list and its nodes) are left out; a field that refers to the subject
     * itself has an empty chain.
     */
    @Test
    void theChainFromTheKeepingFieldNamesTheProgramsObjectsOnIt() {
        Heap h = new Heap();
        long worker = h.b.declare("com.lib.Worker", h.object);
        long disruptor = h.b.declare("com.lib.Disruptor", h.object, "worker");
        long context = h.b.declare("com.lib.LoggerContext", h.object, "disruptor");
        long manager = h.b.declare("com.lib.FileManager", h.object, "context");

        long deep = h.b.instance(worker);
        long direct = h.b.instance(worker);
        long viaManager = h.b.instance(manager, fields("context", h.b.instance(context, fields("disruptor",
                h.b.instance(disruptor, fields("worker", deep))))));
        h.b.declare("com.lib.AbstractManager", h.object, List.of(), Map.of("MAP", h.listOf(viaManager),
                "WORKERS", h.listOf(direct)));
        StaticHolders holders = new StaticHolders(h.read(deep, direct), List.of("com.acme.tracker."));

        Map<Integer, String> kept = holders.keptThrough(holders.find());

        assertEquals(Map.of(0, "com.lib.AbstractManager.MAP", 1, "com.lib.AbstractManager.WORKERS"), kept);
        assertEquals(Map.of(0, List.of("com.lib.FileManager", "com.lib.LoggerContext", "com.lib.Disruptor"),
                1, List.of()), holders.chains(kept.keySet()));
    }

    /** A chain of more than {@link StaticHolders#CHAIN_CLASSES} classes keeps its ends, and says it was cut. */
    @Test
    void aLongChainKeepsItsEnds() {
        Heap h = new Heap();
        long subject = h.b.instance(h.b.declare("com.lib.Worker", h.object));
        long next = subject;
        for (int i = 10; i >= 1; i--) {
            next = h.b.instance(h.b.declare("com.lib.Link" + i, h.object, "next"), fields("next", next));
        }
        h.b.declare("com.lib.Registry", h.object, List.of(), Map.of("ALL", h.listOf(next)));
        StaticHolders holders = new StaticHolders(h.read(subject), List.of("com.acme.tracker."));

        Map<Integer, String> kept = holders.keptThrough(holders.find());

        assertEquals(Map.of(0, List.of("com.lib.Link1", "com.lib.Link2", "com.lib.Link3", "...", "com.lib.Link7",
                "com.lib.Link8", "com.lib.Link9", "com.lib.Link10")), holders.chains(kept.keySet()));
    }

    /** The holders of the subjects in {@code b}'s tracker table, {@code com.acme.tracker.} being the bookkeeping. */
    private static StaticHolders trackerHolders(HprofBuilder b) {
        HeapDump heap = HeapDump.read(DumpBytes.of(b.build()), new GraphRules(List.of("com.acme.tracker."), null, SUBJECTS));
        return new StaticHolders(heap, List.of("com.acme.tracker."));
    }

    private static Map<Integer, String> keptThrough(HeapDump heap, List<String> makers) {
        StaticHolders holders = new StaticHolders(heap, List.of("com.acme.tracker."), new Makers(makers, List.of()));
        return holders.keptThrough(holders.find());
    }

    /**
     * A pool that only a shutdown hook stops is kept by the JDK's list of hooks, through the hook's
     * {@code Runnable} (JDK 17's {@code target}, 19+'s holder's {@code task}): ShenYu's scheduler,
     * started once per JVM, failed whichever test first used its class. Nothing else a hook thread
     * refers to keeps a thing (its inherited thread locals), nor does another of the JDK's statics;
     * and a program's static field that refers to a hook thread keeps nothing through it.
     */
    @Test
    void aPoolThatOnlyAShutdownHookStopsIsKeptByTheHooks() {
        Heap h = new Heap();
        long thread = h.b.declare("java.lang.Thread", h.object, "target", "holder", "inheritableThreadLocals");
        long fieldHolder = h.b.declare("java.lang.Thread$FieldHolder", h.object, "task");
        long stopper = h.b.declare("com.lib.Calculator$$Lambda", h.object, "arg$1");
        long pool = h.b.declare("java.util.concurrent.ScheduledThreadPoolExecutor", h.object);

        long onJdk17 = h.b.instance(pool);
        long onJdk21 = h.b.instance(pool);
        long inAThreadLocal = h.b.instance(pool);
        long inAnotherRegistry = h.b.instance(pool);
        long hook17 = h.b.instance(thread, fields("target", h.b.instance(stopper, fields("arg$1", onJdk17)),
                "inheritableThreadLocals", h.listOf(inAThreadLocal)));
        long hook21 = h.b.instance(thread, fields("holder", h.b.instance(fieldHolder,
                fields("task", h.b.instance(stopper, fields("arg$1", onJdk21))))));
        h.b.declare("java.lang.ApplicationShutdownHooks", h.object, List.of(), Map.of("hooks",
                h.b.objectArray(h.array, hook17, hook21)));
        h.b.declare("jdk.internal.misc.Registry", h.object, List.of(), Map.of("ALL", h.listOf(inAnotherRegistry)));
        // the library keeps its hook to remove it later: a field that reaches a thread stops there
        h.b.declare("com.lib.Calculator", h.object, List.of(), Map.of("HOOK", hook17));
        HeapDump heap = h.read(onJdk17, onJdk21, inAThreadLocal, inAnotherRegistry);

        StaticHolders holders = new StaticHolders(heap, List.of("com.acme.tracker."), new Makers(List.of(), List.of()));
        Map<Integer, String> kept = holders.keptThrough(holders.find());
        assertEquals(Map.of(0, "java.lang.ApplicationShutdownHooks.hooks", 1, "java.lang.ApplicationShutdownHooks.hooks"),
                kept, "the hooks' pools; not a hook thread's thread locals, nor a JDK registry's");
        assertEquals(Map.of(0, List.of("com.lib.Calculator$$Lambda"), 1, List.of("com.lib.Calculator$$Lambda")),
                holders.chains(kept.keySet()), "whose hook: its Runnable's class, through the hook's thread");
    }

    @Test
    void noSubjectTableAsksNothing() {
        HprofBuilder b = new HprofBuilder(4);
        long object = b.declare("java.lang.Object", 0);
        b.declare("com.lib.Registry", object, List.of(), Map.of("INSTANCE", b.instance(object)));

        HeapDump heap = HeapDump.read(DumpBytes.of(b.build()), GraphRules.none());

        assertEquals(Map.of(), new StaticHolders(heap, List.of()).find());
    }

    /** A heap being written with {@code Object}, {@code Object[]} and a linked list declared, and the subjects' table. */
    private static final class Heap {
        final HprofBuilder b = new HprofBuilder(8);
        final long object = b.declare("java.lang.Object", 0);
        final long array = b.declare("[Ljava.lang.Object;", object);
        private final long list = b.declare("java.util.LinkedList", b.declare("java.util.AbstractCollection", object),
                "first");
        private final long node = b.declare("java.util.LinkedList$Node", object, "item");

        /** A linked list holding {@code item}. */
        long listOf(long item) {
            return b.instance(list, fields("first", b.instance(node, fields("item", item))));
        }

        /** The heap, with {@code subjects} in the caller's table. */
        HeapDump read(long... subjects) {
            b.declare("com.acme.tracker.Table", object, List.of(), Map.of("SUBJECTS", b.objectArray(array, subjects)));
            return HeapDump.read(DumpBytes.of(b.build()), new GraphRules(List.of("com.acme.tracker."), null, SUBJECTS));
        }
    }
}
