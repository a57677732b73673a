package io.edrplaybook.micrometer;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Whether this machine has a working python3 for the cpython runner's tests. */
final class Pythons {
  private static Boolean python3;

  private Pythons() {}

  /** Skips the test, saying why, when {@code python3 -c pass} does not work here. */
  static synchronized void assumePython3() {
    if (python3 == null) {
      try {
        Process p = new ProcessBuilder("python3", "-c", "pass").redirectErrorStream(true).start();
        python3 = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (p.isAlive()) {
          p.destroyForcibly();
        }
      } catch (Exception e) {
        python3 = false;
      }
    }
    Assumptions.assumeTrue(python3, "skipped: no working python3 on this machine (the cpython runner needs one)");
  }
}
