// Writes the payloads Java's serializers produce, for the Python tests (test_java_golden.py).
// Not part of the build: run by hand after a change to the wire format, from the repository root:
//   mvn -B -q -o -pl serde install -DskipTests
//   mvn -q -o -pl serde dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
//   java -cp serde/target/classes:$(cat /tmp/cp.txt) python/tests/data/java/GenerateGolden.java python/tests/data/java
import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.serde.NpySerializer;
import io.github.kafkanpy.serde.RawArraySerializer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

public class GenerateGolden {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        float[] f4 = new float[12];
        for (int i = 0; i < 12; i++) {
            f4[i] = i * 0.5f;
        }
        arrays.put("f4_3x4", NdArray.of(f4, 3, 4));
        short[] i2 = new short[60000];
        for (int i = 0; i < i2.length; i++) {
            i2[i] = (short) (i * 7 % 1000);
        }
        arrays.put("i2_200x300", NdArray.of(i2, 200, 300));
        ByteBuffer f8 = ByteBuffer.allocate(96).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 12; i++) {
            f8.putDouble(i);
        }
        arrays.put("f8be_fortran_4x3", NdArray.wrap(DType.parse(">f8"), f8.flip(), true, 4, 3));
        arrays.put("b1_5", NdArray.of(new boolean[] {true, false, true, true, false}, 5));
        ByteBuffer c8 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1f).putFloat(2f);
        arrays.put("c8_scalar", NdArray.wrap(DType.parse("<c8"), c8.flip(), false));
        arrays.put("u1_0x3", NdArray.of(DType.UINT8, new byte[0], 0, 3));

        StringBuilder manifest = new StringBuilder("{\n");
        for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
            for (Compression c : Compression.values()) {
                String npyName = e.getKey() + ".npy." + c.id();
                Files.write(dir.resolve(npyName), new NpySerializer(c).serialize("t", e.getValue()));
                String rawName = e.getKey() + ".raw." + c.id();
                RecordHeaders headers = new RecordHeaders();
                Files.write(dir.resolve(rawName), new RawArraySerializer(c).serialize("t", headers, e.getValue()));
                manifest.append("  \"").append(rawName).append("\": [");
                String sep = "";
                for (Header h : headers) {
                    manifest.append(sep).append("[\"").append(h.key()).append("\", \"")
                            .append(new String(h.value(), StandardCharsets.UTF_8)).append("\"]");
                    sep = ", ";
                }
                manifest.append("],\n");
                if (c == Compression.NONE) {
                    continue;
                }
                for (Filter f : new Filter[] {Filter.SHUFFLE, Filter.DELTA_SHUFFLE}) {
                    Files.write(dir.resolve(npyName + "." + f.id()),
                            new NpySerializer(c, c.defaultLevel(), f).serialize("t", e.getValue()));
                    RecordHeaders filtered = new RecordHeaders();
                    Files.write(dir.resolve(rawName + "." + f.id()),
                            new RawArraySerializer(c, c.defaultLevel(), f).serialize("t", filtered, e.getValue()));
                }
            }
        }
        manifest.setLength(manifest.length() - 2);
        Files.writeString(dir.resolve("headers.json"), manifest.append("\n}\n").toString());
    }
}
