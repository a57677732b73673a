package io.edrplaybook.consumer;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles sources written to a directory with the JDK's compiler, as a host's build would. */
final class Javac {
  private Javac() {}

  /** What the compiler said, and whether it succeeded. */
  record Result(boolean ok, String diagnostics) {}

  /**
   * Writes {@code sources} (relative path to text) under {@code dir}/src and compiles them into
   * {@code dir}/out with {@code options}.
   */
  static Result compile(Path dir, Map<String, String> sources, List<String> options) throws IOException {
    Path src = dir.resolve("src");
    Path out = Files.createDirectories(dir.resolve("out"));
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path f = src.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue());
      files.add(f);
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter said = new StringWriter();
    List<String> args = new ArrayList<>(options);
    args.addAll(List.of("-d", out.toString()));
    try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
      boolean ok = javac.getTask(said, fm, null, args, null, fm.getJavaFileObjectsFromPaths(files)).call();
      return new Result(ok, said.toString());
    }
  }
}
