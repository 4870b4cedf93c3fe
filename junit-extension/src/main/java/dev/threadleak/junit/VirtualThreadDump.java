package dev.threadleak.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadleak.report.Frame;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual threads without the agent (JDK 21+): {@code Thread.getAllStackTraces()} and thread
 * groups never list them, but the JSON thread dump of
 * {@code HotSpotDiagnosticMXBean.dumpThreads} does. We compile for Java 17, so that method and
 * its {@code ThreadDumpFormat} are reached by reflection. A dump of a few threads takes a few
 * milliseconds (the first one more, while classes load).
 */
final class VirtualThreadDump {

    /** One thread of a dump. {@code virtual} is null when the JDK does not say (JDK 21). */
    record DumpedThread(long id, String name, Boolean virtual, String state, List<Frame> stack) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong FILES = new AtomicLong();

    private final Object bean;
    private final Method dumpThreads;
    private final Object jsonFormat;
    private final Path directory;

    private VirtualThreadDump(Object bean, Method dumpThreads, Object jsonFormat, Path directory) {
        this.bean = bean;
        this.dumpThreads = dumpThreads;
        this.jsonFormat = jsonFormat;
        this.directory = directory;
    }

    /** The dump of this JVM, or {@link IllegalStateException} saying why there is none. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static VirtualThreadDump open() {
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("Java " + Runtime.version().feature() + " has no virtual threads");
        }
        try {
            Class<?> beanType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Class<? extends Enum> format = (Class<? extends Enum>)
                    Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
            Object bean = ManagementFactory.getPlatformMXBean((Class) beanType);
            Method dump = beanType.getMethod("dumpThreads", String.class, format);
            Path directory = Files.createTempDirectory("threadleak-dumps");
            directory.toFile().deleteOnExit();
            return new VirtualThreadDump(bean, dump, Enum.valueOf(format, "JSON"), directory);
        } catch (ReflectiveOperationException | LinkageError | IOException | RuntimeException e) {
            throw new IllegalStateException("this JVM has no JSON thread dump (" + e + ")");
        }
    }

    List<DumpedThread> take() throws IOException {
        Path file = directory.resolve("dump-" + FILES.incrementAndGet() + ".json");
        try {
            dumpThreads.invoke(bean, file.toString(), jsonFormat);
            return parse(JSON.readTree(file.toFile()));
        } catch (InvocationTargetException e) {
            throw new IOException("thread dump failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IOException("thread dump not accessible: " + e, e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static List<DumpedThread> parse(JsonNode root) {
        List<DumpedThread> result = new ArrayList<>();
        for (JsonNode container : root.path("threadDump").path("threadContainers")) {
            for (JsonNode t : container.path("threads")) {
                JsonNode virtual = t.get("virtual");
                List<Frame> stack = new ArrayList<>();
                for (JsonNode frame : t.path("stack")) {
                    stack.add(frame(frame.asText()));
                }
                result.add(new DumpedThread(t.path("tid").asLong(), t.path("name").asText(""),
                        virtual == null ? null : virtual.asBoolean(), t.path("state").asText("UNKNOWN"), stack));
            }
        }
        return result;
    }

    /**
     * A frame as {@link StackTraceElement#toString()} prints it:
     * {@code [loader/][module[@version]/]pkg.Class.method(File.java:12)}, or with
     * {@code Native Method} or {@code Unknown Source} in the parentheses.
     */
    static Frame frame(String text) {
        int open = text.indexOf('(');
        String qualified = open < 0 ? text : text.substring(0, open);
        qualified = qualified.substring(qualified.lastIndexOf('/') + 1);
        int dot = qualified.lastIndexOf('.');
        String className = dot < 0 ? qualified : qualified.substring(0, dot);
        String method = dot < 0 ? "" : qualified.substring(dot + 1);
        String where = open < 0 ? "" : text.substring(open + 1, text.endsWith(")") ? text.length() - 1 : text.length());
        if (where.equals("Native Method")) {
            return new Frame(className, method, null, -2);
        }
        if (where.isEmpty() || where.equals("Unknown Source")) {
            return new Frame(className, method, null, -1);
        }
        int colon = where.lastIndexOf(':');
        if (colon > 0) {
            try {
                return new Frame(className, method, where.substring(0, colon), Integer.parseInt(where.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return new Frame(className, method, where, -1);
            }
        }
        return new Frame(className, method, where, -1);
    }
}
