/**
 * Test classes that only another test runs: nested tests a superclass declares and a subclass
 * that runs them, top-level so that their names do not make one the other's.
 */
package dev.threadleak.junit.inherited;
