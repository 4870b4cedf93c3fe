package dev.threadleak.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassPreloaderTest {

    private static final String BOOTSTRAP_PACKAGE = "dev.threadleak.agent.bootstrap";

    @Test
    void everyNameIsAClassOfTheAgentOrOfAsm() throws Exception {
        List<String> missing = new ArrayList<>();
        for (String name : ClassPreloader.names()) {
            try {
                Class.forName(name, false, getClass().getClassLoader());
            } catch (ClassNotFoundException e) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "renamed or gone: the preloader would skip them");
        assertTrue(ClassPreloader.names().size() > 50, "the lists are not empty: " + ClassPreloader.names());
    }

    /** Loaded before the hooks are in the boot loader, such a class would bind them from the wrong loader. */
    @Test
    void noNameExtendsOrImplementsABootstrapClass() throws Exception {
        for (String name : ClassPreloader.names()) {
            for (Class<?> type : supertypes(Class.forName(name, false, getClass().getClassLoader()))) {
                assertFalse(type.getName().startsWith(BOOTSTRAP_PACKAGE + "."),
                        name + " resolves " + type.getName() + " as it loads");
            }
        }
    }

    @Test
    void noNameIsABootstrapClass() {
        for (String name : ClassPreloader.names()) {
            assertFalse(name.startsWith(BOOTSTRAP_PACKAGE + "."), name);
        }
    }

    private static Set<Class<?>> supertypes(Class<?> c) {
        Set<Class<?>> all = new HashSet<>();
        List<Class<?>> todo = new ArrayList<>(List.of(c));
        while (!todo.isEmpty()) {
            Class<?> next = todo.remove(todo.size() - 1);
            if (next.getSuperclass() != null && all.add(next.getSuperclass())) {
                todo.add(next.getSuperclass());
            }
            for (Class<?> i : next.getInterfaces()) {
                if (all.add(i)) {
                    todo.add(i);
                }
            }
        }
        return all;
    }
}
