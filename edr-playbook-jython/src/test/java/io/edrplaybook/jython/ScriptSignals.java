package io.edrplaybook.jython;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Java objects a test script reaches (through {@code Class.forName}) to say it got somewhere or to
 * block where the deadline cannot reach it. Public so Jython may read the fields.
 */
public final class ScriptSignals {
  /** The import line a script starts with; then {@code S.STARTED} and so on. */
  static final String IMPORT = "from java.lang import Class\n"
      + "S = Class.forName('io.edrplaybook.jython.ScriptSignals')\n";

  /** Counted down by a script that started spinning. */
  public static final CountDownLatch STARTED = new CountDownLatch(1);
  /** Counted down by a script about to block on {@link #GATE}. */
  public static final CountDownLatch BLOCKED = new CountDownLatch(1);
  /** Blocks a script uninterruptibly until the test releases it. */
  public static final Semaphore GATE = new Semaphore(0);

  /** Blocks {@link #passLateGate} uninterruptibly until the test releases it. */
  public static final Semaphore LATE_GATE = new Semaphore(0);
  /** Counted down by {@link #passLateGate} once through the gate. */
  public static final CountDownLatch PASSED_LATE_GATE = new CountDownLatch(1);
  /** {@link #passLateGate} for a script: {@code S.getField('LATE').get(None).get()}. */
  public static final Supplier<String> LATE = ScriptSignals::passLateGate;
  /** The thread that called {@link #passLateGate}. */
  public static volatile Thread lateGateThread;

  private ScriptSignals() {}

  /**
   * Waits at {@link #LATE_GATE} (no deadline reaches it), then returns text for the script to
   * print: a script calls it to be abandoned past its grace and go on later.
   */
  public static String passLateGate() {
    lateGateThread = Thread.currentThread();
    LATE_GATE.acquireUninterruptibly();
    PASSED_LATE_GATE.countDown();
    return "printed after the slot was abandoned\n";
  }
}
