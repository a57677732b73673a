package io.edrplaybook.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the PostgreSQL server binaries ({@code initdb}, {@code pg_ctl}, {@code postgres}) for the
 * tests: {@code -Dedr.pg.bindir}, then {@code pg_config --bindir}, then {@code PATH}, then the
 * newest {@code /usr/lib/postgresql/N/bin}. None found fails with what to install: the tests never
 * skip.
 */
final class PostgresBinaries {
  private PostgresBinaries() {}

  static Path find() {
    Set<Path> tried = new LinkedHashSet<>();
    for (Path dir : candidates()) {
      tried.add(dir);
      if (complete(dir)) {
        return dir;
      }
    }
    throw new IllegalStateException("No PostgreSQL server binaries (initdb, pg_ctl, postgres) found; looked in "
        + tried + ". Install the server (Debian/Ubuntu: apt-get install postgresql; Fedora: dnf install "
        + "postgresql-server) or point -Dedr.pg.bindir=DIR at the directory holding initdb and pg_ctl.");
  }

  private static List<Path> candidates() {
    List<Path> out = new ArrayList<>();
    String property = System.getProperty("edr.pg.bindir");
    if (property != null && !property.isBlank()) {
      out.add(Path.of(property));
    }
    pgConfigBinDir().ifPresent(out::add);
    String path = System.getenv("PATH");
    if (path != null) {
      for (String p : path.split(java.io.File.pathSeparator)) {
        if (!p.isBlank()) {
          Path initdb = Path.of(p).resolve("initdb");
          if (Files.isExecutable(initdb)) {
            try {
              // a symlink such as /usr/local/bin/initdb: its real directory also holds postgres
              out.add(initdb.toRealPath().getParent());
            } catch (IOException e) {
              out.add(Path.of(p));
            }
          }
        }
      }
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        versions.sorted(Comparator.comparing(PostgresBinaries::version).reversed())
            .forEach(v -> out.add(v.resolve("bin")));
      } catch (IOException e) {
        // nothing there
      }
    }
    return out;
  }

  private static java.util.Optional<Path> pgConfigBinDir() {
    try {
      Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
        return java.util.Optional.of(Path.of(out));
      }
    } catch (IOException e) {
      // no pg_config on PATH
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return java.util.Optional.empty();
  }

  private static boolean complete(Path dir) {
    return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))
        && Files.isExecutable(dir.resolve("postgres"));
  }

  private static int version(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
