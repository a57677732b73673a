package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ApiKey;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.api.UsernamePassword;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a script's {@code ctx} exactly as the script coding conventions describe it. The parts
 * that do not change from run to run (action, connector) are built once per configuration, the
 * event part once per submission; every part is read-only and shared.
 */
public final class ContextFactory {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ContextFactory() {}

  /** {@code ctx["action"]}. */
  public static Map<String, Object> action(Action action) {
    Map<String, Object> m = new LinkedHashMap<>(4);
    m.put("name", action.name());
    m.put("description", action.description());
    return Collections.unmodifiableMap(m);
  }

  /** {@code ctx["connector"]}, with its credentials. */
  public static Map<String, Object> connector(Connector c) {
    Map<String, Object> auth = new LinkedHashMap<>(4);
    if (c.credentials() instanceof ApiKey k) {
      auth.put("type", "apiKey");
      auth.put("apiKey", k.key());
    } else if (c.credentials() instanceof UsernamePassword up) {
      auth.put("type", "credentials");
      auth.put("username", up.username());
      auth.put("password", up.password());
    }
    Map<String, Object> m = new LinkedHashMap<>(12);
    m.put("name", c.name());
    m.put("type", c.type().name());
    m.put("organization", c.organization());
    m.put("jumpBox", c.jumpBox());
    m.put("host", c.host());
    m.put("port", c.port());
    m.put("auth", Collections.unmodifiableMap(auth));
    return Collections.unmodifiableMap(m);
  }

  private static final String[] EVENT_KEYS = {"id", "organization", "classification", "previousClassification", "time",
      "epochMillis", "device", "details"};
  private static final String[] DEVICE_KEYS = {"name", "collectorGroup", "address", "os"};
  private static final String[] CTX_KEYS = {"action", "connector", "event", "params", "test", "invocationId"};

  /** {@code ctx["event"]}. */
  public static Map<String, Object> event(SecurityEvent event, Optional<Classification> previous) {
    Map<String, Object> device;
    if (event.device().attributes().isEmpty()) {
      device = new CtxMap(DEVICE_KEYS, new Object[] {event.device().name(), event.device().collectorGroup(),
          event.device().address(), event.device().os()});
    } else {
      // the device's own attributes first; the four fields win over attributes of the same name
      Map<String, Object> d = new LinkedHashMap<>(event.device().attributes());
      d.put("name", event.device().name());
      d.put("collectorGroup", event.device().collectorGroup());
      d.put("address", event.device().address());
      d.put("os", event.device().os());
      device = Collections.unmodifiableMap(d);
    }
    return new CtxMap(EVENT_KEYS, new Object[] {event.id(), event.organization(), event.classification().name(),
        previous.isPresent() ? previous.get().name() : null, time(event.time()), epochMillis(event.time()), device,
        event.details()});
  }

  /**
   * {@code ctx["event"]["time"]}: always UTC with exactly three decimals, {@code
   * 2026-01-01T09:00:00.000Z} (finer precision is cut), so one parser reads every event:
   * {@code datetime.strptime(t, "%Y-%m-%dT%H:%M:%S.%fZ")} on Python 2.7, 3 and Jython.
   */
  public static String time(Instant time) {
    long seconds = time.getEpochSecond();
    if (seconds < FIRST_FAST_SECOND || seconds > LAST_FAST_SECOND) {
      return TIME.format(time); // years before 1 or after 9999: the formatter's own sign rules
    }
    // what TIME prints, without its per-call zone rules and temporal objects (a hot path: every event)
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    // civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian)
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    byte[] b = new byte[24];
    digits(b, 0, year, 4);
    b[4] = '-';
    digits(b, 5, month, 2);
    b[7] = '-';
    digits(b, 8, day, 2);
    b[10] = 'T';
    digits(b, 11, secondOfDay / 3600, 2);
    b[13] = ':';
    digits(b, 14, secondOfDay / 60 % 60, 2);
    b[16] = ':';
    digits(b, 17, secondOfDay % 60, 2);
    b[19] = '.';
    digits(b, 20, time.getNano() / 1_000_000, 3);
    b[23] = 'Z';
    return new String(b, StandardCharsets.US_ASCII);
  }

  /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years {@link #time} formats itself. */
  private static final long FIRST_FAST_SECOND = -62_135_596_800L;
  private static final long LAST_FAST_SECOND = 253_402_300_799L;

  private static void digits(byte[] b, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      b[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  /** {@code ctx["event"]["epochMillis"]}: milliseconds since 1970-01-01T00:00:00Z, saturated. */
  static long epochMillis(Instant time) {
    try {
      return time.toEpochMilli();
    } catch (ArithmeticException e) {
      return time.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** The whole {@code ctx} of one run. */
  public static Map<String, Object> build(Invocation invocation, Target target, Map<String, Object> event) {
    return new CtxMap(CTX_KEYS, new Object[] {target.actionCtx(), target.connectorCtx(), event,
        target.binding().params(), invocation.test(), invocation.id()});
  }
}
