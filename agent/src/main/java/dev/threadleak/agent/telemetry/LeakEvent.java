package dev.threadleak.agent.telemetry;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/**
 * {@code threadleak.Leak}: one finding of a report (a group is one event, with its count).
 *
 * <p>Without a stack trace ({@code @StackTrace(false)}, and {@code stackTrace=false} in the
 * shipped settings): JFR records the stack of the thread that commits an event, and that is our
 * reporting thread, the same for every leak and useless. The stack that matters, where the leaked
 * thread was created, happened long before on another thread, and JFR cannot attach a stack of our
 * choosing to an event; so it is a field, {@code creationStack}, one frame a line as the text report
 * shows it (test-framework and reflection runs folded), and {@code creationSite} holds its first
 * frame of the application for grouping and alerting.
 */
@Name("threadleak.Leak")
@Label("Thread Leak")
@Category("threadleak")
@Description("A thread, virtual thread, task or executor a threadleak report found, with where it was created and"
        + " what it waits on")
@StackTrace(false)
final class LeakEvent extends Event {

    @Label("Trigger")
    @Description("What made the report: interval, on-exit, exit-watch, scope or dump")
    String trigger;

    @Label("Scope")
    @Description("The report's scope: its kind and name, as in the JSON report")
    String scope;

    @Label("Kind")
    @Description("THREAD, VIRTUAL_THREAD, TASK or EXECUTOR")
    String kind;

    @Label("Verdict")
    @Description("LEAKED, BLOCKED_FOREVER, DEADLOCKED, IGNORES_CANCELLATION or SUSPECT")
    String verdict;

    @Label("Count")
    @Description("How many alike findings (same kind, verdict and creation site) this one stands for")
    int count;

    @Label("Thread Name")
    String threadName;

    @Label("Thread Id")
    @Description("Thread.getId() of the thread, or of the thread running the task; -1 for none")
    long threadId;

    @Label("Virtual")
    boolean virtual;

    @Label("Executor")
    @Description("The executor, for an executor or a task: type@identity")
    String executor;

    @Label("Creation Site")
    @Description("The first frame of the application in the creation stack: where it asked for the thread, task or"
            + " executor")
    String creationSite;

    @Label("Creation Stack")
    @Description("Where it was created, top frame first, one frame a line (framework runs folded); JFR's own stack"
            + " trace would be the reporting thread's")
    String creationStack;

    @Label("Created By")
    @Description("The name of the thread that created it")
    String createdBy;

    @Label("Created By Id")
    @Description("Thread.getId() of the thread that created it; 0 when not known")
    long createdById;

    @Label("Age")
    @Timespan(Timespan.MILLISECONDS)
    long age;

    @Label("Blocked On")
    @Description("The blocking call and the object it waits on")
    String blockedOn;

    @Label("Blocked Since")
    @Description("When the wait began; N/A when not known")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    long blockedSince;

    @Label("Why")
    @Description("Why the report believes it will never finish, or what it knows")
    String why;
}
