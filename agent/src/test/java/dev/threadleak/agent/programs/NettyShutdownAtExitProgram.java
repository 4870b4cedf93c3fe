package dev.threadleak.agent.programs;

import io.netty.util.concurrent.SingleThreadEventExecutor;

/**
 * A server stopped without waiting for its event loop, as the JVM exits (sofa-jraft's RPC servers,
 * their tests' JVMs ending): the loop is in its graceful shutdown's quiet period; and a thread
 * that is left running for good beside it.
 */
public final class NettyShutdownAtExitProgram {

    public static void main(String[] args) throws Exception {
        SingleThreadEventExecutor loop = new SingleThreadEventExecutor(60_000);
        loop.start();
        loop.shutdownGracefully(); // returns in its quiet period, as Netty's returns at once
        Thread left = new Thread(NettyShutdownAtExitProgram::parkForever, "left-running");
        left.setDaemon(true);
        left.start();
        System.exit(0); // the loop's thread is not a daemon: the JVM would wait out its quiet period
    }

    private static void parkForever() {
        while (true) {
            java.util.concurrent.locks.LockSupport.park();
        }
    }
}
