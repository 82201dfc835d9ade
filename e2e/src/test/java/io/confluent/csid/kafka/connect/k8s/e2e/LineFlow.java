package io.confluent.csid.kafka.connect.k8s.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A steady flow through a FileStreamSource: one thread appends numbered lines ({@code seq-N}) to a
 * host file at a fixed rate, another consumes the topic and notes when each line arrived. Tests
 * then ask what arrived when: per-second windows, gaps, what is missing, what came twice.
 */
final class LineFlow implements AutoCloseable {

  /** One record seen on the topic: its sequence number and when the consumer got it. */
  record Arrival(long seq, Instant at) {}

  private final Path file;
  private final int linesPerSecond;
  private final ScheduledExecutorService writer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "line-flow-writer"));
  private final Thread reader;
  private final AtomicLong appended = new AtomicLong();
  private final AtomicBoolean writing = new AtomicBoolean(true);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  private final Instant startedAt = Instant.now();
  private double owed;

  private LineFlow(Path file, int linesPerSecond, KafkaConsumer<String, String> consumer) {
    this.file = file;
    this.linesPerSecond = linesPerSecond;
    this.reader = new Thread(() -> consume(consumer), "line-flow-reader");
  }

  /** Starts appending to {@code file} (created empty) and consuming {@code topic}. */
  static LineFlow start(
      Path file, int linesPerSecond, String bootstrap, String topic, String group) {
    try {
      Files.write(file, new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KafkaConsumer<String, String> consumer = ConnectorFixtures.consumer(bootstrap, group);
    consumer.subscribe(List.of(topic));
    LineFlow flow = new LineFlow(file, linesPerSecond, consumer);
    flow.reader.setDaemon(true);
    flow.reader.start();
    flow.writer.scheduleAtFixedRate(flow::appendDue, 0, 100, TimeUnit.MILLISECONDS);
    return flow;
  }

  Path file() {
    return file;
  }

  /** Lines appended so far; line N is {@code seq-N}, N from 0. */
  long appended() {
    return appended.get();
  }

  /** Stops appending; returns how many lines were appended in all. */
  long stopWriting() {
    writing.set(false);
    writer.shutdown();
    try {
      writer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return appended.get();
  }

  List<Arrival> arrivals() {
    return List.copyOf(arrivals);
  }

  List<Arrival> arrivalsBetween(Instant from, Instant to) {
    return arrivals.stream().filter(a -> !a.at().isBefore(from) && a.at().isBefore(to)).toList();
  }

  Instant lastArrival() {
    return arrivals.isEmpty() ? startedAt : arrivals.get(arrivals.size() - 1).at();
  }

  /** Whether every line below {@code upTo} arrived at least once. */
  boolean arrivedUpTo(long upTo) {
    return missing(upTo).isEmpty();
  }

  TreeSet<Long> missing(long upTo) {
    TreeSet<Long> missing = new TreeSet<>();
    for (long i = 0; i < upTo; i++) {
      missing.add(i);
    }
    arrivals.forEach(a -> missing.remove(a.seq()));
    return missing;
  }

  /** Sequence numbers that arrived more than once, with how often. */
  Map<Long, Integer> duplicates() {
    Map<Long, Integer> counts = new TreeMap<>();
    arrivals.forEach(a -> counts.merge(a.seq(), 1, Integer::sum));
    counts.values().removeIf(c -> c == 1);
    return counts;
  }

  /** Records per 1-second window from {@code from} to {@code to}. */
  int[] windows(Instant from, Instant to) {
    int n = (int) Math.max(1, Duration.between(from, to).toSeconds());
    int[] counts = new int[n];
    for (Arrival a : arrivalsBetween(from, from.plusSeconds(n))) {
      counts[(int) Duration.between(from, a.at()).toSeconds()]++;
    }
    return counts;
  }

  /** Longest time without a record between {@code from} and {@code to}, edges included. */
  Duration longestGap(Instant from, Instant to) {
    Duration longest = Duration.ZERO;
    Instant previous = from;
    List<Instant> times =
        new ArrayList<>(arrivalsBetween(from, to).stream().map(Arrival::at).toList());
    times.add(to);
    for (Instant t : times) {
      Duration gap = Duration.between(previous, t);
      if (gap.compareTo(longest) > 0) {
        longest = gap;
      }
      previous = t;
    }
    return longest;
  }

  /** A short duplicate summary for logs: how many, and the first few. */
  String duplicateSummary() {
    Map<Long, Integer> d = duplicates();
    return d.size()
        + " duplicated line(s)"
        + (d.isEmpty() ? "" : ", first: " + d.entrySet().stream().limit(10).toList());
  }

  private synchronized void appendDue() {
    if (!writing.get()) {
      return;
    }
    owed += linesPerSecond / 10.0;
    long next = appended.get();
    int count = 0;
    StringBuilder lines = new StringBuilder();
    for (; owed >= 1; owed--, count++) {
      lines.append("seq-").append(next + count).append('\n');
    }
    if (count == 0) {
      return;
    }
    try {
      // One write per tick: the source never sees half a line it would emit on its own.
      Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      appended.addAndGet(count);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void consume(KafkaConsumer<String, String> consumer) {
    try (consumer) {
      while (!closed.get()) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          Instant now = Instant.now();
          if (r.value() != null && r.value().startsWith("seq-")) {
            arrivals.add(new Arrival(Long.parseLong(r.value().substring(4)), now));
          }
        }
      }
    }
  }

  @Override
  public void close() {
    stopWriting();
    closed.set(true);
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
