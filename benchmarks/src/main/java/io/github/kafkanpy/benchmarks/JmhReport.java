package io.github.kafkanpy.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns JMH's JSON results into the markdown tables of BENCHMARKS.md: the median of the
 * measurement iterations of each benchmark, and ratios between benchmarks of the same run.
 *
 * <p>{@code java -cp benchmarks.jar io.github.kafkanpy.benchmarks.JmhReport results.json}
 */
public final class JmhReport {
    private JmhReport() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
        for (JsonNode result : new ObjectMapper().readTree(new File(args[0]))) {
            String name = result.get("benchmark").asText();
            String dataset = result.path("params").path("dataset").asText();
            String filter = result.path("params").path("filter").asText("");
            if (!filter.isEmpty()) {
                dataset += "/" + filter + "@" + result.path("params").path("level").asText("3");
            }
            List<Double> scores = new ArrayList<>();
            result.get("primaryMetric").get("rawData").forEach(fork -> fork.forEach(v -> scores.add(v.asDouble())));
            double[] sorted = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            medians.computeIfAbsent(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), k -> new LinkedHashMap<>())
                    .put(dataset, sorted[sorted.length / 2]);
        }
        codecTable(medians);
        alternativesTable(medians);
        filterTable(medians);
        lz4Table(medians);
    }

    private static void filterTable(Map<String, Map<String, Double>> m) {
        if (!m.containsKey("FilterBenchmark.encode")) {
            return;
        }
        System.out.println("| data set | zstd level | filter | encode MB/s | decode MB/s | encode speed / plain zstd's"
                + " | decode speed / plain zstd's |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|");
        Map<String, Double> encodes = m.get("FilterBenchmark.encode");
        Map<String, Double> decodes = m.get("FilterBenchmark.decode");
        for (String key : encodes.keySet()) {
            String d = key.substring(0, key.indexOf('/'));
            String f = key.substring(key.indexOf('/') + 1, key.indexOf('@'));
            String level = key.substring(key.indexOf('@') + 1);
            String plain = d + "/none@" + level;
            double mb = FilterBenchmark.npyBytes(d) / 1e6;
            double encode = encodes.get(key);
            double decode = decodes.get(key);
            System.out.printf("| %s | %s | %s | %.0f | %.0f | %.2f× | %.2f× |%n", d, level, f, mb / (encode / 1e9),
                    mb / (decode / 1e9), encodes.get(plain) / encode, decodes.get(plain) / decode);
        }
        System.out.println();
    }

    private static void lz4Table(Map<String, Map<String, Double>> m) {
        if (!m.containsKey("Lz4Benchmark.decodeBulk")) {
            return;
        }
        System.out.println("| data set | byte-by-byte decoder (0.1.0) MB/s | bulk-copying decoder MB/s | speed-up |");
        System.out.println("|---|---:|---:|---:|");
        for (String d : Datasets.FILTER_SETS) {
            double mb = FilterBenchmark.npyBytes(d) / 1e6;
            double old = m.get("Lz4Benchmark.decodeByteByByte").get(d);
            double bulk = m.get("Lz4Benchmark.decodeBulk").get(d);
            System.out.printf("| %s | %.0f | %.0f | %.2f× |%n", d, mb / (old / 1e9), mb / (bulk / 1e9), old / bulk);
        }
        System.out.println();
    }

    private static void codecTable(Map<String, Map<String, Double>> m) {
        if (!m.containsKey("CodecBenchmark.baselineCopy")) {
            return;
        }
        System.out.println("| data set | copy (ns) | header + data copy (ns) | buffer put (ns) | serialize NdArray (ns)"
                + " | serialize from Java array (ns) | deserialize zero-copy (ns) | deserialize + to Java array (ns)"
                + " | serialize + deserialize (ns) | serialize vs copy (throughput) | serialize vs header + data copy |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String d : Datasets.ALL) {
            double copy = m.get("CodecBenchmark.baselineCopy").get(d);
            double ser = m.get("CodecBenchmark.serializeNdArray").get(d);
            Double twoCopies = m.getOrDefault("CodecBenchmark.baselineHeaderAndDataCopy", Map.of()).get(d);
            System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.2f× | %s |%n", d, ns(copy),
                    twoCopies == null ? "-" : ns(twoCopies), ns(m.get("CodecBenchmark.baselineBufferPut").get(d)), ns(ser),
                    ns(m.get("CodecBenchmark.serializeJavaArray").get(d)), ns(m.get("CodecBenchmark.deserializeZeroCopy").get(d)),
                    ns(m.get("CodecBenchmark.deserializeToJavaArray").get(d)),
                    ns(m.get("CodecBenchmark.serializeThenDeserialize").get(d)), copy / ser,
                    twoCopies == null ? "-" : String.format("%.2f×", twoCopies / ser));
        }
        System.out.println();
    }

    private static void alternativesTable(Map<String, Map<String, Double>> m) throws IOException {
        if (!m.containsKey("AlternativesBenchmark.kafkaNpySerialize")) {
            return;
        }
        String[] libraries = {"kafkaNpy", "kafkaNpz", "kafkaJson", "openlca", "jetbrains", "protobuf", "java", "jackson"};
        String[] labels = {"kafka-npy", "kafka-npy NPZ (one stored entry)", "kafka-npy JSON envelope (base64)",
            "openLCA npy 0.0.3", "JetBrains npy 0.3.5 (file in /dev/shm)", "Protobuf packed float", "Java serialization",
            "Jackson JSON (float[] as numbers)"};
        int[] sizeIndex = {0, 6, 7, 2, 1, 4, 5, 3};
        System.out.println("| data set | library | serialize (ns) | deserialize (ns) | payload bytes | serialize time / kafka-npy's"
                + " | deserialize time / kafka-npy's |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (String d : Arrays.copyOf(Datasets.ALL, 4)) {
            long[] sizes = AlternativesBenchmark.payloadSizes(d);
            double ourSer = m.get("AlternativesBenchmark.kafkaNpySerialize").get(d);
            double ourDe = m.get("AlternativesBenchmark.kafkaNpyDeserialize").get(d);
            for (int i = 0; i < libraries.length; i++) {
                if (!m.containsKey("AlternativesBenchmark." + libraries[i] + "Serialize")) {
                    continue;
                }
                double ser = m.get("AlternativesBenchmark." + libraries[i] + "Serialize").get(d);
                double de = m.get("AlternativesBenchmark." + libraries[i] + "Deserialize").get(d);
                System.out.printf("| %s | %s | %s | %s | %d | %.2f× | %.2f× |%n", d, labels[i], ns(ser), ns(de),
                        sizes[sizeIndex[i]], ser / ourSer, de / ourDe);
            }
        }
        System.out.println();
    }

    private static String ns(double v) {
        return v >= 100 ? String.format("%,.0f", v) : String.format("%.1f", v);
    }
}
