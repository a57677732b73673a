package io.edrplaybook.subprocess.internal;

import io.edrplaybook.api.PlaybookException;
import io.edrplaybook.subprocess.CPythonSettings.PidNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How worker processes are started: the command prefix that puts each worker in its own PID
 * namespace ({@code unshare --pid --fork --mount-proc --kill-child}, with a user namespace too when
 * not root; a shell is the namespace's pid 1 and the worker its child) where the kernel allows
 * it, and a parent-death signal ({@code setpriv --pdeathsig KILL}) so workers die with the host.
 * Probed once per JVM.
 *
 * <p>A parent-death signal fires when the <em>thread</em> that started the process ends, so every
 * worker is started from one long-lived thread ({@link #spawn}).
 */
final class Launcher {
  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
  private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "edr-playbook-cpython-spawner");
    t.setDaemon(true);
    return t;
  });
  private static volatile Launcher probed;

  private final List<String> deathSignal;
  private final List<String> unshare;

  private Launcher(List<String> deathSignal, List<String> unshare) {
    this.deathSignal = List.copyOf(deathSignal);
    this.unshare = List.copyOf(unshare);
  }

  /** The command prefix: empty, or setpriv and/or unshare with their options. */
  List<String> prefix() {
    List<String> all = new ArrayList<>(deathSignal);
    all.addAll(unshare);
    return all;
  }

  /** Whether workers run in their own PID namespace. */
  boolean namespace() {
    return !unshare.isEmpty();
  }

  /** Whether workers get a parent-death signal from the launcher. */
  boolean deathSignal() {
    return !deathSignal.isEmpty();
  }

  String describe() {
    return (namespace() ? "a PID namespace per worker" : "no PID namespace (process-group kill)")
        + (deathSignal() ? ", parent-death signal" : "");
  }

  /**
   * Returns the launcher for {@code mode}.
   *
   * @throws PlaybookException when {@code mode} is REQUIRED and namespaces are not available
   */
  static Launcher of(PidNamespace mode) {
    Launcher best = probe();
    if (mode == PidNamespace.OFF) {
      return new Launcher(best.deathSignal, List.of());
    }
    if (mode == PidNamespace.REQUIRED && !best.namespace()) {
      throw new PlaybookException("runners.cpython.pidNamespace is required, but this system"
          + " cannot start a process in its own PID namespace (tried 'unshare --pid --fork"
          + " --mount-proc', with and without --user --map-root-user)");
    }
    return best;
  }

  private static synchronized Launcher probe() {
    if (probed != null) {
      return probed;
    }
    List<String> death = List.of();
    String setpriv = find("/usr/bin/setpriv", "/bin/setpriv");
    if (setpriv != null && works(List.of(setpriv, "--pdeathsig", "KILL", "--", "/bin/true"))) {
      death = List.of(setpriv, "--pdeathsig", "KILL", "--");
    }
    Launcher result = new Launcher(death, List.of());
    String unshare = find("/usr/bin/unshare", "/bin/unshare");
    if (unshare != null) {
      List<String> ns = List.of(unshare, "--pid", "--fork", "--mount-proc", "--kill-child");
      List<String> userNs = List.of(unshare, "--user", "--map-root-user", "--pid", "--fork",
          "--mount-proc", "--kill-child");
      for (List<String> candidate : List.of(ns, userNs)) {
        List<String> test = new ArrayList<>(death);
        test.addAll(candidate);
        test.addAll(List.of("/bin/sh", "-c", "test $$ = 1 && test ! -e /proc/2"));
        if (works(test)) {
          // The namespace's pid 1 is a shell that waits for the worker: a worker that is not
          // pid 1 can be killed by a signal it sends itself, and cannot signal its parent.
          List<String> withInit = new ArrayList<>(candidate);
          withInit.addAll(List.of("/bin/sh", "-c", "unset PWD OLDPWD; \"$@\"; exit $?", "edr-playbook-init"));
          result = new Launcher(death, withInit);
          break;
        }
      }
    }
    LOG.debug("cpython workers start with: {}", result.prefix());
    probed = result;
    return result;
  }

  private static boolean works(List<String> cmd) {
    try {
      Process p = spawn(new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD));
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts {@code pb} from the one long-lived spawner thread (see the class comment). */
  static Process spawn(ProcessBuilder pb) throws IOException {
    CompletableFuture<Process> f = CompletableFuture.supplyAsync(() -> {
      try {
        return pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, SPAWNER);
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("could not start " + pb.command().get(0) + ": " + cause, cause);
    } catch (TimeoutException | InterruptedException e) {
      // a process started after all belongs to nobody: kill it
      f.thenAccept(Process::destroyForcibly);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting a process", e);
      }
      throw new IOException("starting a process took longer than 30 s");
    }
  }

  private static String find(String... paths) {
    for (String p : paths) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return null;
  }
}
