/**
 * The {@code LeakDetector} MBean that JConsole, VisualVM and JMX exporters find under
 * {@code dev.threadleak:type=LeakDetector}: counters, the live report, and {@code SiteGauges}:
 * what lives by creation site and kind, as open data that JMX exporters turn into labelled series.
 * It is registered once the platform MBean server exists; the agent never creates that server.
 *
 * <p>Public: {@code LeakDetectorMBean}, the interface JMX clients see, and
 * {@code LeakDetectorPublisher}, which the {@code channel} thread calls until the MBean is
 * registered.
 */
package dev.threadleak.agent.jmx;
