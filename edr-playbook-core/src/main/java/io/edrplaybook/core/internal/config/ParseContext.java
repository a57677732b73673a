package io.edrplaybook.core.internal.config;

import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one load collects: the problems found (paths inside the file, e.g.
 * {@code connectors[2].port}), the secrets resolved and the scripts read from files.
 *
 * <p>A field that failed is remembered by its path, so that a later complaint of the model about
 * the same field (a stand-in value passed for it) is not listed a second time.
 */
final class ParseContext {
  /** Marks stand-in names; a problem quoting one is a cascade of another problem. */
  static final String STAND_IN = "\u0000stand-in";

  private final List<ConfigurationProblem> problems = new ArrayList<>();
  private final SecretText secrets;
  private final Path baseDir;
  private final Set<ActionScript> scriptsFromFiles = new LinkedHashSet<>();
  private final java.util.Map<String, String> secretPaths = new java.util.LinkedHashMap<>();

  ParseContext(SecretText secrets, Path baseDir) {
    this.secrets = secrets;
    this.baseDir = baseDir;
  }

  private Set<String> runnerIds;

  /** The runner ids scripts may name; null when no runner is known at load (not checked then). */
  Set<String> runnerIds() {
    return runnerIds;
  }

  void runnerIds(Set<String> ids) {
    this.runnerIds = ids;
  }

  SecretText secrets() {
    return secrets;
  }

  Path baseDir() {
    return baseDir;
  }

  Set<ActionScript> scriptsFromFiles() {
    return scriptsFromFiles;
  }

  /** Remembers where a secret value was written (the first place), for warnings that name no value. */
  void secretAt(String path, String value) {
    secretPaths.putIfAbsent(value, path);
  }

  private final java.util.Map<String, String> references = new java.util.LinkedHashMap<>();

  /**
   * Remembers that the value at {@code path}, which is not a secret, was written as {@code text}
   * holding a reference ({@code ${env:WORKERS}}), so that a problem found later in the resolved
   * value (a runner refusing a setting) can name it.
   */
  void referenceAt(String path, String text) {
    references.putIfAbsent(path, text);
  }

  /** Returns the text holding a reference that the value at {@code path} was written as; null when none. */
  String referenceAt(String path) {
    return references.get(path);
  }

  /** Secret value → where it was first written. */
  java.util.Map<String, String> secretPaths() {
    return secretPaths;
  }

  List<ConfigurationProblem> problems() {
    return problems;
  }

  void add(String path, String message) {
    problems.add(new ConfigurationProblem(path, message));
  }

  /**
   * Records the problems of a model exception under {@code prefix}, except those at a path that
   * already failed (the model complaining about a stand-in), those quoting a stand-in name and
   * those listed already.
   */
  void absorb(String prefix, ConfigurationException e) {
    List<ConfigurationProblem> before = List.copyOf(problems);
    for (ConfigurationProblem p : e.problems()) {
      ConfigurationProblem moved = p.under(prefix);
      // (a model builder may report one problem twice: list it once)
      if (!isFailed(before, moved.path()) && !moved.message().contains(STAND_IN) && !problems.contains(moved)) {
        problems.add(moved);
      }
    }
  }

  /** Returns whether a problem was recorded at {@code path} or at a path containing it. */
  boolean isFailed(String path) {
    return isFailed(problems, path);
  }

  /** Returns whether a problem was recorded at {@code path} or anywhere under it. */
  boolean anyFailedUnder(String path) {
    for (ConfigurationProblem p : problems) {
      if (within(p.path(), path)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isFailed(List<ConfigurationProblem> problems, String path) {
    for (ConfigurationProblem p : problems) {
      if (within(path, p.path())) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether {@code path} is {@code outer} or lies under it. */
  static boolean within(String path, String outer) {
    if (outer.isEmpty() || path.equals(outer)) {
      return true;
    }
    return path.startsWith(outer) && (path.charAt(outer.length()) == '.' || path.charAt(outer.length()) == '[');
  }

  /** Joins a path and a key: {@code connectors[2]} + {@code port}. */
  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
