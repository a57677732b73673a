package io.edrplaybook.subprocess.internal;

import java.util.Map;

/** Describes how a process ended, from the JDK's exit value (128 + n for signal n on Unix). */
final class ExitStatus {
  private static final Map<Integer, String> SIGNALS = Map.ofEntries(Map.entry(1, "SIGHUP"),
      Map.entry(2, "SIGINT"), Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"),
      Map.entry(6, "SIGABRT"), Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"),
      Map.entry(9, "SIGKILL"), Map.entry(11, "SIGSEGV"), Map.entry(13, "SIGPIPE"),
      Map.entry(14, "SIGALRM"), Map.entry(15, "SIGTERM"), Map.entry(24, "SIGXCPU"),
      Map.entry(25, "SIGXFSZ"));

  private ExitStatus() {}

  static String describe(int exitValue) {
    if (exitValue > 128 && exitValue < 128 + 65) {
      int signal = exitValue - 128;
      return "was killed by signal " + signal + " (" + SIGNALS.getOrDefault(signal, "SIG" + signal)
          + ")";
    }
    return "exited with status " + exitValue;
  }
}
