package dev.threadleak.cli;

import dev.threadleak.report.Frame;
import dev.threadleak.report.LeakKind;
import dev.threadleak.report.ThreadRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where threads come from, as {@code watch} and {@code diff} group them: the kind, and the
 * creation stack from its top down to the first frame outside the JDK. That frame is where the
 * application asked; the JDK frames above it say how (which executor), so two pools started from
 * two places stay two sites. Without a stack, the creator is the site; threads that predate the
 * agent are one site per kind.
 */
record CreationSite(LeakKind kind, List<Frame> frames, ThreadRef creator, boolean preExisting) {

    /** A site is rarely this deep in the JDK; deeper stacks are cut so that a site stays a site. */
    static final int MAX_FRAMES = 8;

    static CreationSite of(LeakKind kind, List<Frame> createdAt, ThreadRef createdBy, boolean preExisting) {
        List<Frame> frames = new ArrayList<>();
        if (createdAt != null && !preExisting) {
            for (Frame frame : createdAt) {
                frames.add(frame);
                if (!frame.isJdk() || frames.size() == MAX_FRAMES) {
                    break;
                }
            }
        }
        ThreadRef creator = frames.isEmpty() && !preExisting ? createdBy : null;
        return new CreationSite(kind, List.copyOf(frames), creator, preExisting);
    }

    /** {@code thread}, {@code virtual thread}, {@code task}, {@code executor}. */
    String kindName() {
        return kind == LeakKind.VIRTUAL_THREAD ? "virtual thread" : kind.name().toLowerCase(Locale.ROOT);
    }

    /** The application frame, and the JDK frame it went through if any. */
    String where() {
        if (preExisting) {
            return "(started before the agent: creation site unknown)";
        }
        if (frames.isEmpty()) {
            return creator == null ? "(creation site unknown)" : "(creation stack not sampled) started by " + creator;
        }
        Frame application = frames.get(frames.size() - 1);
        return frames.size() == 1 ? application.toString()
                : application + " via " + frames.get(0).qualifiedMethod();
    }
}
