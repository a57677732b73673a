package io.edrplaybook.jython;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

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

  private ScriptSignals() {}
}
