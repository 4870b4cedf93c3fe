package dev.threadleak.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadleak.report.LeakReport;
import dev.threadleak.report.ScopeInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Finding the agent across class loaders. The registration is JVM-wide, so the steps run in
 * order: before the (here: fake) agent registers with the system class loader's copy of the API,
 * then after.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreadleakTest {

    /** An agent of this version of the contract that does nothing else. */
    private static final class FakeAgent implements Agent {
        @Override
        public int apiVersion() {
            return API_VERSION;
        }

        @Override
        public Scope newScope(ScopeInfo scope, String ending, Predicate<Thread> runnerThreads) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LeakReport liveReport(Duration minAge) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    @Order(1)
    void withoutAnAgentTheMessageSaysHowToLoadOne() {
        AgentUnavailableException e = assertThrows(AgentUnavailableException.class, Threadleak::agent);

        assertFalse(e.installed());
        assertTrue(e.getMessage().contains("-javaagent:threadleak-agent.jar"), e.getMessage());
    }

    @Test
    @Order(2)
    void anAgentOfAnotherVersionOfTheContractIsRefusedWithWhatToChange() throws Exception {
        try (ChildFirst copy = new ChildFirst()) {
            Class<?> agentType = copy.loadClass(Agent.class.getName());
            Object oldAgent = Proxy.newProxyInstance(copy, new Class<?>[] {agentType},
                    (proxy, method, args) -> method.getName().equals("apiVersion") ? 0 : null);
            Class<?> holder = copy.loadClass(Threadleak.class.getName());
            holder.getMethod("register", agentType).invoke(null, oldAgent);

            Throwable e = failure(holder.getMethod("agent"));

            assertEquals(AgentUnavailableException.class.getName(), e.getClass().getName());
            assertTrue(e.getMessage().startsWith("the threadleak agent implements version 0 of threadleak-api, and this "
                    + "code was given version " + Agent.API_VERSION), e.getMessage());
            assertEquals(true, e.getClass().getMethod("installed").invoke(e));
        }
    }

    @Test
    @Order(3)
    void theRegisteredAgentIsFoundAndTheFirstRegistrationStands() {
        Agent agent = new FakeAgent();
        assertTrue(Threadleak.register(agent));
        assertFalse(Threadleak.register(new FakeAgent()));

        assertSame(agent, Threadleak.agent());
        assertTrue(Threadleak.isRegistered());
    }

    @Test
    @Order(4)
    void aClassLoaderWithItsOwnCopyOfTheApiIsToldSoRatherThanFailingLater() throws Exception {
        try (ChildFirst copy = new ChildFirst()) {
            Throwable e = failure(copy.loadClass(Threadleak.class.getName()).getMethod("agent"));

            assertEquals(AgentUnavailableException.class.getName(), e.getClass().getName());
            assertTrue(e.getMessage().startsWith("the threadleak agent's API classes (loaded by "), e.getMessage());
            assertTrue(e.getMessage().endsWith("its class loader loads threadleak-api itself instead of asking its "
                    + "parent"), e.getMessage());
            assertEquals(true, e.getClass().getMethod("installed").invoke(e));
        }
    }

    private static Throwable failure(Method method) throws IllegalAccessException {
        try {
            method.invoke(null);
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
        throw new AssertionError(method + " found an agent");
    }

    /** Loads its own copy of threadleak-api, as a child-first test or plugin class loader would. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst() {
            super(new URL[] {Threadleak.class.getProtectionDomain().getCodeSource().getLocation()},
                    ThreadleakTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.threadleak.api.") || name.endsWith("Test") || name.contains("Test$")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }
    }
}
