package io.confluent.csid.kafka.connect.k8s.runner.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * After local mode stops, prints the first records of the topics the connector wrote, so a user
 * sees the data arrived without another tool.
 */
public final class FirstRecords implements AutoCloseable {

  private final Map<String, Object> clientProps;
  private final Supplier<Collection<String>> topics;
  private final int count;
  private final PrintStream out;

  public FirstRecords(
      Map<String, Object> clientProps,
      Supplier<Collection<String>> topics,
      int count,
      PrintStream out) {
    this.clientProps = clientProps;
    this.topics = topics;
    this.count = count;
    this.out = out;
  }

  @Override
  public void close() {
    Collection<String> names = topics.get();
    if (count <= 0 || names.isEmpty()) {
      return;
    }
    Map<String, Object> props = new java.util.HashMap<>(clientProps);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      for (String topic : names) {
        List<TopicPartition> partitions = new ArrayList<>();
        consumer
            .partitionsFor(topic)
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        out.printf("First records of topic %s:%n", topic);
        int shown = 0;
        long deadline = System.currentTimeMillis() + 10_000;
        while (shown < count && System.currentTimeMillis() < deadline) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
            if (shown++ < count) {
              out.printf(
                  "  %s-%d@%d key=%s value=%s%n",
                  record.topic(),
                  record.partition(),
                  record.offset(),
                  record.key(),
                  record.value());
            }
          }
        }
      }
    }
  }
}
