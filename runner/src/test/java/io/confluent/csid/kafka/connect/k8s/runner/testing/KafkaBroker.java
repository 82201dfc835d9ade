package io.confluent.csid.kafka.connect.k8s.runner.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real single-node KRaft broker for the whole test JVM: starting one costs 7-12 s, so every
 * test class shares it and isolates itself by topic and connector names.
 */
public final class KafkaBroker {

  private static KafkaClusterTestKit cluster;

  private KafkaBroker() {}

  public static synchronized String bootstrapServers() {
    if (cluster == null) {
      // The broker's INFO logging would bury the test output.
      java.util.logging.Logger.getLogger("kafka").setLevel(java.util.logging.Level.WARNING);
      java.util.logging.Logger.getLogger("org.apache.kafka")
          .setLevel(java.util.logging.Level.WARNING);
      java.util.logging.Logger.getLogger("state.change.logger")
          .setLevel(java.util.logging.Level.WARNING);
      try {
        KafkaClusterTestKit kit =
            new KafkaClusterTestKit.Builder(
                    new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        cluster = kit;
        Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::stop));
      } catch (Exception e) {
        throw new IllegalStateException("Cannot start the embedded Kafka broker", e);
      }
    }
    return cluster.bootstrapServers();
  }

  private static synchronized void stop() {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } catch (Exception e) {
      // The JVM is exiting; nothing left to clean.
    }
  }

  /** Worker properties for a runner against this broker (single replica internal topics). */
  public static Map<String, String> workerProps(String offsetTopic) {
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrapServers());
    props.put("offset.storage.topic", offsetTopic);
    props.put("offset.storage.replication.factor", "1");
    props.put("offset.storage.partitions", "1");
    props.put("config.storage.replication.factor", "1");
    props.put("status.storage.replication.factor", "1");
    props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    props.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    props.put("offset.flush.interval.ms", "1000");
    return props;
  }

  public static Admin admin() {
    return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
  }

  public static void createTopic(String topic, int partitions) {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot create topic " + topic, e);
    }
  }

  public static void produce(String topic, List<String> values) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(topic, value.getBytes()));
      }
      producer.flush();
    }
  }

  /** Every record currently in the topic, read from the beginning. */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration quiet) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    // Looking must not create: the runner insists its offsets topic be compacted.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic, Duration.ofSeconds(10))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      if (partitions.isEmpty()) {
        return records;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.currentTimeMillis() + quiet.toMillis() + 10_000;
      while (System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        boolean done = true;
        for (TopicPartition tp : partitions) {
          done &= consumer.position(tp) >= end.get(tp);
        }
        if (done) {
          break;
        }
      }
    }
    return records;
  }

  public static Set<String> topics() {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
