package io.edrplaybook.jython.internal;

import java.util.Properties;
import org.python.core.PySystemState;

/** Initializes Jython once per JVM, without {@code site} and without a package cache. */
final class JythonRuntime {
  private static boolean initialized;

  private JythonRuntime() {}

  /** Initializes Jython if nobody did; a host that initialized it first keeps its settings. */
  static synchronized void ensureInitialized() {
    if (initialized) {
      return;
    }
    Properties post = new Properties();
    // site import costs ~0.7 s per start and the package cache writes files: scripts need neither
    post.setProperty("python.import.site", "false");
    post.setProperty("python.cachedir.skip", "true");
    post.setProperty("python.console.encoding", "UTF-8");
    PySystemState.initialize(System.getProperties(), post, new String[0]);
    initialized = true;
  }
}
