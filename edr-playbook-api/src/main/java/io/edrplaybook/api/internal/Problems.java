package io.edrplaybook.api.internal;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every problem of a value before refusing it, so that a refusal lists them all.
 * Not thread-safe; one instance per validation.
 */
public final class Problems {
  private static final Pattern HOST_NAME = Pattern.compile(
      "(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\\.?");
  private static final Pattern IPV4 = Pattern.compile(
      "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.%a-zA-Z0-9]*]?");

  private final List<ConfigurationProblem> found = new ArrayList<>();

  /** Records a problem at {@code path}. */
  public Problems add(String path, String message) {
    found.add(new ConfigurationProblem(path, message));
    return this;
  }

  /** Records every problem of {@code e}, relocated under {@code prefix}. */
  public Problems addAll(String prefix, ConfigurationException e) {
    e.problems().forEach(p -> found.add(p.under(prefix)));
    return this;
  }

  /** Records {@code problem} as it is. */
  public Problems add(ConfigurationProblem problem) {
    found.add(problem);
    return this;
  }

  /** Returns whether nothing was found. */
  public boolean isEmpty() {
    return found.isEmpty();
  }

  /** Returns what was found so far. */
  public List<ConfigurationProblem> list() {
    return List.copyOf(found);
  }

  /** Returns {@code value}, recording "must not be blank" at {@code path} when it is null or blank. */
  public String text(String path, String value) {
    if (value == null) {
      add(path, "is required");
    } else if (value.isBlank()) {
      add(path, "must not be blank, was \"" + value + "\"");
    }
    return value;
  }

  /** Records a problem when {@code value} is null. */
  public <T> T required(String path, T value) {
    if (value == null) {
      add(path, "is required");
    }
    return value;
  }

  /** Throws a {@link ConfigurationException} listing everything found, if anything was. */
  public void throwIfAny() {
    if (!found.isEmpty()) {
      throw new ConfigurationException(found);
    }
  }

  /**
   * Throws a {@link ConfigurationException} naming {@code subject} and listing everything found,
   * if anything was.
   *
   * @param subject the element refused, e.g. {@link #subject(String, String, String)}
   */
  public void throwIfAny(String subject) {
    if (!found.isEmpty()) {
      throw new ConfigurationException(subject, found);
    }
  }

  /**
   * Names an element for a message: {@code connector "FW" of organization "acme"}; a name or
   * organization that is missing or blank is left out ({@code connector without a name in organization "acme"}).
   */
  public static String subject(String kind, String name, String organization) {
    boolean named = name != null && !name.isBlank();
    String n = named ? kind + " \"" + name + "\"" : kind + " without a name";
    return organization == null || organization.isBlank() ? n
        : n + (named ? " of" : " in") + " organization \"" + organization + "\"";
  }

  /** Returns whether {@code host} is an IPv4 address, an IPv6 address or a DNS name. */
  public static boolean isHost(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    if (IPV4.matcher(host).matches()) {
      return true;
    }
    if (host.contains(":")) {
      return IPV6.matcher(host).matches();
    }
    // a dotted all-numeric name that is not a valid IPv4 address (999.1.1.1) is neither
    if (host.matches("[0-9.]+")) {
      return false;
    }
    return HOST_NAME.matcher(host).matches();
  }

  /** Quotes a value for a message. */
  public static String quote(Object value) {
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }
}
