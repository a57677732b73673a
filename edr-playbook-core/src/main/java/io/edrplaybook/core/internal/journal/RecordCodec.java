package io.edrplaybook.core.internal.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.ApprovalGate;
import io.edrplaybook.api.AwaitingApproval;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.RunKey;
import io.edrplaybook.api.ScriptError;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The compact binary form of a record's body: a type byte, the back-pointer to the event's
 * previous record as a distance, the time, the event key, then the entry; short repeated strings
 * are numbers in {@link Names}, invocation ids of the form {@code prefix-hex} a name and a number.
 * About 60 to 100 bytes for a classification, a claim or a start.
 */
final class RecordCodec {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Classification[] CLASSIFICATIONS = Classification.values();
  private static final InvocationStatus[] STATUSES = InvocationStatus.values();

  private final Names names;

  RecordCodec(Names names) {
    this.names = names;
  }

  /** Writes a record body into {@code out} (appending). */
  void encode(Out out, int type, long back, EventKey event, Instant time, HistoryEntry entry, Invocation inv,
      EventSummary snapshot) throws IOException {
    out.u8(type);
    out.varlong(back);
    tail(out, type, event, time, entry, inv, snapshot);
  }

  /**
   * Writes all of a record body after its type and back-pointer into {@code out} (appending): what
   * can be encoded before the record's place in the log is known. Thread-safe.
   *
   * @return for a classification, where in {@code out} its previous classification's byte is (to
   *     be set once known); else -1
   */
  int tail(Out out, int type, EventKey event, Instant time, HistoryEntry entry, Invocation inv,
      EventSummary snapshot) throws IOException {
    int previousAt = -1;
    out.zigzag(time.getEpochSecond());
    out.varlong(time.getNano());
    name(out, event.organization());
    out.str(event.eventId());
    switch (type) {
      case Rec.CLASSIFY -> {
        ClassificationChange c = (ClassificationChange) entry;
        out.u8(c.classification().ordinal());
        previousAt = out.size();
        out.u8(previousByte(c));
        out.u8(c.playbook().isPresent() ? 1 : 0);
        if (c.playbook().isPresent()) {
          name(out, c.playbook().get());
        }
        name(out, c.note());
      }
      case Rec.CLAIM, Rec.RELEASE -> invocation(out, inv);
      case Rec.STARTED -> {
        invocation(out, inv);
        // the queue time last, and only when known: a record without it (as before) reads as ZERO
        Duration queued = ((InvocationStarted) entry).queued();
        if (!queued.isZero()) {
          out.varlong(queued.toNanos());
        }
      }
      case Rec.FINISHED -> {
        byte[][] json = new byte[1][];
        InvocationResult r = Limits.bound((InvocationResult) entry, json);
        invocation(out, inv);
        out.u8(r.status().ordinal());
        out.zigzag(r.duration().getSeconds());
        out.varlong(r.duration().getNano());
        out.str(r.message());
        out.blob(json[0] == null ? new byte[0] : json[0]);
        out.str(r.output());
        out.u8((r.outputTruncated() ? 1 : 0) | (r.error().isPresent() ? 2 : 0)
            | (r.result().isPresent() ? 4 : 0));
        if (r.error().isPresent()) {
          ScriptError e = r.error().get();
          name(out, e.type());
          out.str(e.message());
          out.str(e.traceback());
          out.u8(e.transientFailure() ? 1 : 0);
        }
      }
      case Rec.STATE -> state(out, snapshot);
      case Rec.AWAIT -> {
        AwaitingApproval a = (AwaitingApproval) entry;
        invocation(out, inv);
        out.zigzag(a.expiresAt().getEpochSecond());
        out.varlong(a.expiresAt().getNano());
        out.u8(a.onExpiry().ordinal());
        out.str(Limits.cut(a.reason(), Limits.TEXT_CHARS));
        out.blob(json(a.event()));
      }
      case Rec.DECIDE -> {
        ApprovalDecision d = (ApprovalDecision) entry;
        invocation(out, inv);
        out.u8(d.verdict().ordinal());
        out.str(Limits.cut(d.by(), Limits.TEXT_CHARS));
        out.str(Limits.cut(d.comment(), Limits.TEXT_CHARS));
      }
      case Rec.UNDO -> {
        io.edrplaybook.api.UndoScheduled u = (io.edrplaybook.api.UndoScheduled) entry;
        invocation(out, inv);
        out.u8(u.dueAt().isPresent() ? 1 : 0);
        if (u.dueAt().isPresent()) {
          out.zigzag(u.dueAt().get().getEpochSecond());
          out.varlong(u.dueAt().get().getNano());
        }
        out.u8(u.onReclassifiedTo().size());
        for (Classification c : u.onReclassifiedTo()) {
          out.u8(c.ordinal());
        }
        out.blob(json(u.event()));
      }
      case Rec.UNDONE -> {
        io.edrplaybook.api.UndoEnded d = (io.edrplaybook.api.UndoEnded) entry;
        invocation(out, inv);
        out.u8(d.ran() ? 1 : 0);
        if (d.ran()) {
          id(out, d.undoInvocationId().orElseThrow());
        }
        out.str(Limits.cut(d.reason(), Limits.TEXT_CHARS));
      }
      default -> throw new IllegalArgumentException("unknown record type " + type);
    }
    return previousAt;
  }

  /** The byte that encodes a classification's previous one. */
  static int previousByte(ClassificationChange c) {
    return c.previous().map(p -> p.ordinal() + 1).orElse(0);
  }

  private void state(Out out, EventSummary s) throws IOException {
    out.u8(s.current() == null ? 0 : s.current().ordinal() + 1);
    out.u8(s.previous() == null ? 0 : s.previous().ordinal() + 1);
    out.zigzag(s.lastEntry);
    out.varlong(s.runs().size());
    for (Map.Entry<RunKey, EventSummary.Run> e : s.runs().entrySet()) {
      out.u8(e.getKey().classification().ordinal());
      name(out, e.getKey().action());
      name(out, e.getKey().connector());
      id(out, e.getValue().holder);
      out.u8(e.getValue().started ? 1 : 0);
      out.u8(e.getValue().last == null ? 0 : e.getValue().last.ordinal() + 1);
    }
    out.varlong(s.endedIds().size());
    for (String id : s.endedIds()) {
      id(out, id);
    }
  }

  private EventSummary state(In in, EventKey event) {
    EventSummary s = new EventSummary(event);
    int current = in.u8();
    int previous = in.u8();
    s.classification(current == 0 ? null : CLASSIFICATIONS[current - 1],
        previous == 0 ? null : CLASSIFICATIONS[previous - 1]);
    s.lastEntry = in.zigzag();
    int runs = in.varint();
    for (int k = 0; k < runs; k++) {
      RunKey key = new RunKey(event, CLASSIFICATIONS[in.u8()], name(in), name(in));
      String holder = id(in);
      boolean started = in.u8() == 1;
      int last = in.u8();
      s.putRun(key, holder, started, last == 0 ? null : STATUSES[last - 1]);
    }
    int ended = in.varint();
    for (int k = 0; k < ended; k++) {
      s.addEnded(id(in));
    }
    return s;
  }

  static byte[] json(Map<String, Object> m) {
    try {
      return JSON.writeValueAsBytes(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a result could not be written as JSON", e);
    }
  }

  /**
   * Reads a record body; without {@code full}, a result's JSON is not parsed (what replay needs).
   *
   * @throws IllegalArgumentException when it is not a record
   */
  @SuppressWarnings("unchecked")
  Rec decode(long position, byte[] b, int from, int end, boolean full) {
    In in = new In(b, from, end);
    int type = in.u8();
    long back = in.varlong();
    long previous = back == 0 ? 0 : position - back;
    Instant time = Instant.ofEpochSecond(in.zigzag(), in.varlong());
    EventKey event = new EventKey(name(in), in.str());
    switch (type) {
      case Rec.CLASSIFY: {
        Classification c = CLASSIFICATIONS[in.u8()];
        int prev = in.u8();
        Optional<String> playbook = in.u8() == 1 ? Optional.of(name(in)) : Optional.empty();
        String note = name(in);
        ClassificationChange e = new ClassificationChange(event.eventId(), event.organization(), c,
            prev == 0 ? Optional.empty() : Optional.of(CLASSIFICATIONS[prev - 1]), time, playbook, note);
        return new Rec(type, position, previous, event, time, e, null);
      }
      case Rec.CLAIM:
      case Rec.RELEASE:
        return new Rec(type, position, previous, event, time, null, invocation(in, event));
      case Rec.STARTED: {
        Invocation inv = invocation(in, event);
        Duration queued = in.atEnd() ? Duration.ZERO : Duration.ofNanos(in.varlong());
        return new Rec(type, position, previous, event, time, new InvocationStarted(inv, time, queued), inv);
      }
      case Rec.FINISHED: {
        Invocation inv = invocation(in, event);
        InvocationStatus status = STATUSES[in.u8()];
        Duration duration = Duration.ofSeconds(in.zigzag(), in.varlong());
        String message = in.str();
        byte[] json = in.blob();
        String output = in.str();
        int flags = in.u8();
        Optional<ScriptError> error = Optional.empty();
        if ((flags & 2) != 0) {
          error = Optional.of(new ScriptError(name(in), in.str(), in.str(), in.u8() == 1));
        }
        Optional<Map<String, Object>> result = Optional.empty();
        if ((flags & 4) != 0 && full) {
          try {
            result = Optional.of(JSON.readValue(json, Map.class));
          } catch (IOException e) {
            throw new IllegalArgumentException("a result that is not JSON: " + e.getMessage());
          }
        }
        InvocationResult r = new InvocationResult(inv, status, time, duration, message, result, output,
            (flags & 1) != 0, error);
        return new Rec(type, position, previous, event, r.time(), r, inv);
      }
      case Rec.STATE:
        return new Rec(type, position, previous, event, time, null, null, state(in, event));
      case Rec.AWAIT: {
        Invocation inv = invocation(in, event);
        Instant expires = Instant.ofEpochSecond(in.zigzag(), in.varlong());
        ApprovalGate.OnExpiry onExpiry = ApprovalGate.OnExpiry.values()[in.u8()];
        String reason = in.str();
        Map<String, Object> ev = eventJson(in);
        return new Rec(type, position, previous, event, time,
            new AwaitingApproval(inv, time, expires, onExpiry, ev, reason), inv);
      }
      case Rec.UNDO: {
        Invocation inv = invocation(in, event);
        Optional<Instant> due = in.u8() == 1 ? Optional.of(Instant.ofEpochSecond(in.zigzag(), in.varlong()))
            : Optional.empty();
        int n = in.u8();
        java.util.Set<Classification> to = java.util.EnumSet.noneOf(Classification.class);
        for (int k = 0; k < n; k++) {
          to.add(CLASSIFICATIONS[in.u8()]);
        }
        Map<String, Object> ev = eventJson(in);
        return new Rec(type, position, previous, event, time,
            new io.edrplaybook.api.UndoScheduled(inv, time, due, to, ev), inv);
      }
      case Rec.UNDONE: {
        Invocation inv = invocation(in, event);
        boolean ran = in.u8() == 1;
        Optional<String> undoId = ran ? Optional.of(id(in)) : Optional.empty();
        return new Rec(type, position, previous, event, time,
            new io.edrplaybook.api.UndoEnded(inv, ran, undoId, in.str(), time), inv);
      }
      case Rec.DECIDE: {
        Invocation inv = invocation(in, event);
        ApprovalDecision.Verdict verdict = ApprovalDecision.Verdict.values()[in.u8()];
        return new Rec(type, position, previous, event, time,
            new ApprovalDecision(inv, verdict, in.str(), in.str(), time), inv);
      }
      default:
        throw new IllegalArgumentException("unknown record type " + type);
    }
  }

  private void invocation(Out out, Invocation i) throws IOException {
    id(out, i.id());
    out.u8(i.classification().ordinal() | (i.test() ? 0x80 : 0));
    name(out, i.action());
    name(out, i.connector());
    name(out, i.script());
    name(out, i.runner());
    name(out, i.jumpBox());
    out.varlong(i.attempt());
  }

  /** Reads the JSON blob of an event's context (an approval's, an undo's). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> eventJson(In in) {
    try {
      return JSON.readValue(in.blob(), Map.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("an event that is not JSON: " + e.getMessage());
    }
  }

  private Invocation invocation(In in, EventKey event) {
    String id = id(in);
    int c = in.u8();
    return new Invocation(id, event.eventId(), event.organization(), CLASSIFICATIONS[c & 0x7F], name(in),
        name(in), name(in), name(in), name(in), (c & 0x80) != 0, in.varint());
  }

  /** An id: 0 and the text; 1, a name and a hex number ({@code prefix-hex}); 2 and a UUID's 16 bytes. */
  private void id(Out out, String id) throws IOException {
    int dash = id.lastIndexOf('-');
    if (isUuid(id)) {
      UUID u = UUID.fromString(id);
      out.u8(2);
      out.u64(u.getMostSignificantBits());
      out.u64(u.getLeastSignificantBits());
      return;
    }
    if (dash > 0 && isShortHex(id, dash + 1)) {
      int prefix = names.idOf(id.substring(0, dash));
      if (prefix >= 0) {
        out.u8(1);
        out.varlong(prefix);
        out.varlong(Long.parseLong(id.substring(dash + 1), 16));
        return;
      }
    }
    out.u8(0);
    out.str(id);
  }

  private static boolean hex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
  }

  /** Canonical lowercase hex from {@code from} to the end: 1 to 15 digits, no leading zero. */
  private static boolean isShortHex(String s, int from) {
    int n = s.length() - from;
    if (n < 1 || n > 15 || n > 1 && s.charAt(from) == '0') {
      return false;
    }
    for (int k = from; k < s.length(); k++) {
      if (!hex(s.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  /** A canonical lowercase UUID. */
  private static boolean isUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int k = 0; k < 36; k++) {
      char c = s.charAt(k);
      if (k == 8 || k == 13 || k == 18 || k == 23 ? c != '-' : !hex(c)) {
        return false;
      }
    }
    return true;
  }

  private String id(In in) {
    int kind = in.u8();
    return switch (kind) {
      case 0 -> in.str();
      case 1 -> names.name(in.varint()) + "-" + Long.toHexString(in.varlong());
      case 2 -> new UUID(in.u64(), in.u64()).toString();
      default -> throw new IllegalArgumentException("unknown id kind " + kind);
    };
  }

  /** A string: odd, a name's number; even, its UTF-8 length, then the bytes. */
  private void name(Out out, String s) throws IOException {
    int id = names.idOf(s);
    if (id >= 0) {
      out.varlong(((long) id << 1) | 1);
    } else {
      byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.varlong((long) b.length << 1);
      out.raw(b);
    }
  }

  private String name(In in) {
    long v = in.varlong();
    if ((v & 1) == 1) {
      return names.name((int) (v >>> 1));
    }
    long n = v >>> 1;
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("string length out of range: " + n);
    }
    return in.utf8((int) n);
  }
}
