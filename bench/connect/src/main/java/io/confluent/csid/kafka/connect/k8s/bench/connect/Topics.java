package io.confluent.csid.kafka.connect.k8s.bench.connect;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmark's view of the shared broker. Topics are created with {@code LogAppendTime}: every
 * throughput figure, the runner's, the peer's and the raw clients', is measured with the same
 * broker clock from the first to the last record appended.
 */
final class Topics implements AutoCloseable {

  private final String bootstrap;
  private final Admin admin;

  Topics(String bootstrap) {
    this.bootstrap = bootstrap;
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    this.admin = Admin.create(props);
  }

  String bootstrap() {
    return bootstrap;
  }

  void create(String topic) {
    try {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, 1, (short) 1)
                      .configs(Map.of("message.timestamp.type", "LogAppendTime"))))
          .all()
          .get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + topic, e);
    }
  }

  long endOffset(String topic) {
    TopicPartition tp = new TopicPartition(topic, 0);
    try {
      return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        // Created a moment ago: the admin client's metadata has not caught up yet.
        return 0;
      }
      throw new IllegalStateException("cannot read the end offset of " + topic, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the end offset of " + topic, e);
    }
  }

  /** Polls the end offset until it reaches {@code count}; false on timeout. */
  boolean awaitEndOffset(String topic, long count, Duration timeout, JvmProcess watched)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (endOffset(topic) >= count) {
        return true;
      }
      if (watched != null) {
        watched.assertAlive();
      }
      Thread.sleep(200);
    }
    return false;
  }

  /** Broker append time of the record at {@code offset}. */
  long appendTime(String topic, long offset) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(null)) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seek(tp, offset);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.offset() == offset) {
            return r.timestamp();
          }
        }
      }
      throw new IllegalStateException("record " + topic + "@" + offset + " not readable");
    }
  }

  /**
   * Records per second over the second half of {@code count} records, between the appends of
   * records {@code count/2} and {@code count-1}: the steady state, once the JIT has compiled the
   * hot path (a task process is a fresh JVM, the peer worker may have run a task before).
   */
  double appendRate(String topic, long count) {
    long from = count / 2;
    long first = appendTime(topic, from);
    long last = appendTime(topic, count - 1);
    return Rates.perSecond(count - 1 - from, Math.max(1, last - first));
  }

  /**
   * The ceiling a task's producer could reach: a plain {@code KafkaProducer} loop sending the same
   * records with the client's defaults. Returns records/s measured on the broker's clock.
   */
  double produce(String topic, long count, IntFunction<String> value) {
    try (KafkaProducer<String, String> producer = producer()) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, value.apply(i)));
      }
      producer.flush();
    }
    return appendRate(topic, count);
  }

  KafkaProducer<String, String> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(props);
  }

  /**
   * The ceiling a sink task's consumer could reach: a plain {@code KafkaConsumer} reading {@code
   * count} records from the start, timed over the second half of the records (as {@link
   * #appendRate}).
   */
  double consume(String topic, long count) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer("bench-raw-" + UUID.randomUUID())) {
      consumer.subscribe(Set.of(topic));
      long seen = 0;
      long halfAt = 0;
      long halfSeen = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (seen < count && System.nanoTime() < deadline) {
        seen += consumer.poll(Duration.ofMillis(500)).count();
        if (halfAt == 0 && seen >= count / 2) {
          halfAt = System.nanoTime();
          halfSeen = seen;
        }
      }
      if (seen < count) {
        throw new IllegalStateException("raw consumer read only " + seen + " of " + count);
      }
      return Rates.perSecond(
          count - halfSeen, Math.max(1, (System.nanoTime() - halfAt) / 1_000_000));
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer(String group) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    if (group != null) {
      props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    return new KafkaConsumer<>(props);
  }

  @Override
  public void close() {
    admin.close();
  }
}
