package dev.threadleak.agent.weaving;

/**
 * Shapes of code {@link ClassFilePatchTest} weaves and then runs, verified, in a class loader of
 * its own: returns inside loops and handlers, a constructor, a loop back to offset 0, a
 * {@code new} whose arguments branch (an uninitialized type in a frame), long arguments, a switch.
 */
public class PatchedShapes {

    private final int base;
    private int finallies;

    public PatchedShapes(int base) {
        if (base < 0) {
            this.base = 0;
            return;
        }
        this.base = base;
    }

    public int loop(int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            if (i == 7) {
                return -sum;
            }
            sum += i;
        }
        return sum + base;
    }

    public long timed(long nanos, Object unused) {
        try {
            if (nanos < 0) {
                throw new IllegalArgumentException("negative");
            }
            return nanos * 2;
        } catch (IllegalArgumentException e) {
            return -1;
        } finally {
            finallies++;
        }
    }

    public Object made(boolean which) {
        return new StringBuilder(which ? "a" : "b").append(base).toString();
    }

    public static int countDown(int x) {
        while (x > 0) {
            x--;
        }
        return x;
    }

    public int switched(int k) {
        switch (k) {
            case 1:
                return 10;
            case 2:
                return 20;
            case 3:
                return 30;
            default:
                return base;
        }
    }

    public int finallies() {
        return finallies;
    }
}
