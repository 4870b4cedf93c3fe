package dev.threadleak.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A check that throws is threadleak's failure, not the test's (Commons VFS's trial: a pool of
 * MINA's threw from the check into every FTP test): the test gets a warning that says what threw
 * where, and passes; the user's configuration errors, JUnit's own exceptions, still fail it.
 */
class CheckFailureTest {

    private final List<String> entries = new ArrayList<>();
    private final ExtensionContext context = (ExtensionContext) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> {
                if (method.getName().equals("publishReportEntry") && args.length == 2) {
                    entries.add(args[0] + ": " + args[1]);
                    return null;
                }
                throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void aCheckThatThrowsWarnsWhatThrewWhereAndFailsNothing() {
        UnsupportedOperationException thrown = new UnsupportedOperationException("from a pool's getQueue()");
        thrown.setStackTrace(new StackTraceElement[] {new StackTraceElement(
                "org.apache.mina.filter.executor.OrderedThreadPoolExecutor", "getQueue", "OrderedThreadPoolExecutor.java",
                602)});

        ThreadLeakExtension.notChecked(context, "FtpProviderTest.providerTests()", thrown);

        assertEquals(List.of("threadleak: could not check `FtpProviderTest.providerTests()` for leaks, and did not fail it: "
                + "java.lang.UnsupportedOperationException at org.apache.mina.filter.executor.OrderedThreadPoolExecutor"
                + ".getQueue(OrderedThreadPoolExecutor.java:602) (a bug of threadleak's: please report this line)"),
                entries);
    }

    /**
     * A method of ours missing, as when the agent and the extension on one class path are of two
     * builds: the test fails, saying so (commons-lang's trial: passed with a warning, a real leak
     * went through). A class of someone else's missing is warned of as any other failure of the check.
     */
    @Test
    void aCheckThatMissesAMethodOfOursFailsTheTestAskingForOneVersionOfBothJars() {
        NoSuchMethodError missing = new NoSuchMethodError("'dev.threadleak.report.Frame dev.threadleak.report.Frame.x()'");
        missing.setStackTrace(new StackTraceElement[] {new StackTraceElement(
                "dev.threadleak.agent.scope.LineageScope", "makers", "LineageScope.java", 329)});

        ExtensionConfigurationException failed = assertThrows(ExtensionConfigurationException.class,
                () -> ThreadLeakExtension.notChecked(context, "T.t()", missing));

        assertEquals("threadleak: could not check `T.t()` for leaks: java.lang.NoSuchMethodError at "
                + "dev.threadleak.agent.scope.LineageScope.makers(LineageScope.java:329): a class of threadleak's lacks "
                + "what another of its classes expects, as when the -javaagent jar and the threadleak-junit dependency "
                + "are of two versions or builds; use one version of both, built together (if they are, a bug of "
                + "threadleak's: please report this line)", failed.getMessage());
        assertSame(missing, failed.getCause());
        assertTrue(entries.isEmpty(), entries.toString());

        NoClassDefFoundError notOurs = new NoClassDefFoundError("org/apache/mina/core/Foo");
        ThreadLeakExtension.notChecked(context, "T.u(\u001b[2J)", notOurs); // a parameter's text, escaped
        assertEquals(1, entries.size(), entries.toString());
        assertTrue(entries.get(0).startsWith("threadleak: could not check `T.u(\\u001b[2J)` for leaks, and did not fail "
                + "it: java.lang.NoClassDefFoundError"), entries.toString());
    }

    @Test
    void theUsersConfigurationErrorStillFailsTheTest() {
        ExtensionConfigurationException filterThrew = new ExtensionConfigurationException("threadleak: the filter ...");

        assertSame(filterThrew, assertThrows(ExtensionConfigurationException.class,
                () -> ThreadLeakExtension.notChecked(context, "T.t()", filterThrew)));
        assertTrue(entries.isEmpty(), entries.toString());
    }
}
