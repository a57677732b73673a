package io.edrplaybook.core.internal.config;

import io.edrplaybook.spi.SecretResolver;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secret references ({@code ${env:NAME}}, {@code ${file:PATH}}, any scheme a
 * {@link SecretResolver} adds) in a text, remembering each secret resolved (for masking) and the
 * original text of each value that held a reference (for export). Messages name the reference,
 * never what it resolved to. Not thread-safe: one per load.
 */
final class SecretText {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9+.-]*):([^}]*)}");

  private final Map<String, SecretResolver> resolvers;
  private final Map<String, String> templates = new LinkedHashMap<>();
  private final Set<String> secrets = new LinkedHashSet<>();

  SecretText(Map<String, SecretResolver> resolvers) {
    this.resolvers = resolvers;
  }

  /**
   * Returns {@code text} with every reference replaced, or empty when one could not be resolved
   * (each such problem recorded at {@code path}).
   */
  Optional<String> resolve(ParseContext ctx, String path, String text) {
    return resolve(ctx, path, text, true);
  }

  /** Returns whether {@code text} holds a reference. */
  static boolean hasReference(String text) {
    return text.contains("${") && REFERENCE.matcher(text).find();
  }

  /**
   * Returns {@code text} with every reference replaced, or empty when one could not be resolved
   * (each such problem recorded at {@code path}). A value that is not {@code secret} (a host, a
   * port, a timeout) is not remembered for masking; its reference is kept for export all the same.
   */
  Optional<String> resolve(ParseContext ctx, String path, String text, boolean secret) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    boolean ok = true;
    boolean any = false;
    while (m.find()) {
      any = true;
      String scheme = m.group(1);
      String reference = m.group(2);
      SecretResolver resolver = resolvers.get(scheme);
      Optional<String> value;
      if (resolver == null) {
        ctx.add(path, "unknown secret scheme \"" + scheme + "\" in \"" + m.group() + "\"; known schemes: "
            + String.join(", ", new TreeSet<>(resolvers.keySet())));
        ok = false;
        continue;
      }
      try {
        value = resolver.resolve(reference);
      } catch (RuntimeException e) {
        // the exception's text could quote the secret: name only its class
        ctx.add(path, m.group() + " could not be resolved: " + resolver.getClass().getSimpleName()
            + " failed with " + e.getClass().getName());
        ok = false;
        continue;
      }
      if (value.isEmpty()) {
        ctx.add(path, resolver.describeMissing(reference));
        ok = false;
        continue;
      }
      if (secret) {
        secrets.add(value.get());
        ctx.secretAt(path, value.get());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value.get()));
    }
    if (!ok) {
      return Optional.empty();
    }
    if (!any) {
      return Optional.of(text);
    }
    m.appendTail(out);
    String resolved = out.toString();
    // a secret is written back wherever it appears; any other value only at its own path
    templates.putIfAbsent(secret ? resolved : scalarKey(path, resolved), text);
    if (!secret) {
      ctx.referenceAt(path, text);
    }
    return Optional.of(resolved);
  }

  /**
   * Remembers that the value that is not a secret at {@code path}, as the model holds it
   * ({@code value}, e.g. a path made absolute), was written as {@code text}, for export.
   */
  void template(String path, String value, String text) {
    templates.putIfAbsent(scalarKey(path, value), text);
  }

  /** The key of {@link #templates()} for a value that is not a secret: its path and value. */
  static String scalarKey(String path, String value) {
    return "\u0000" + path + "\u0000" + value;
  }

  /**
   * Resolved secret → the text it was written as, and {@link #scalarKey(String, String)} → the
   * text, for every value that held a reference.
   */
  Map<String, String> templates() {
    return templates;
  }

  /** Every secret resolved. */
  Set<String> secrets() {
    return secrets;
  }
}
