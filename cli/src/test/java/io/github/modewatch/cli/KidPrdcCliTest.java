package io.github.modewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modewatch.Fixtures;
import io.github.modewatch.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code prdc} and {@code kid} on the golden fixture of core (bench/golden/make_prdc_golden.py): prdc values from
 * clovaai's compute_prdc, KID from an independent float64 loop over pairs (see PrdcGoldenTest and KidTest there).
 */
class KidPrdcCliTest {
    @TempDir
    static Path dir;

    static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    static String golden(String name) {
        return Fixtures.resource("golden/prdc/" + name).toString();
    }

    static JsonNode json(String name) throws IOException {
        return new ObjectMapper()
                .readTree(Fixtures.resource("golden/prdc/" + name).toFile());
    }

    @BeforeAll
    static void writeInputs() throws IOException {
        for (String name : new String[] {"real_int", "gen_int"}) { // integer rows as .csv with a header
            INDArray a = Npy.read(Fixtures.resource("golden/prdc/" + name + ".npy"));
            List<String> lines = new ArrayList<>();
            lines.add("f0,f1,f2,f3,f4,f5");
            for (long i = 0; i < a.rows(); i++) {
                StringBuilder sb = new StringBuilder();
                for (long c = 0; c < a.columns(); c++) {
                    sb.append(c > 0 ? "," : "").append(a.getLong(i, c));
                }
                lines.add(sb.toString());
            }
            Files.write(dir.resolve(name + ".csv"), lines);
        }
        Npy.write(dir.resolve("six.npy"), Nd4j.rand(6, 16));
        Npy.write(dir.resolve("one.npy"), Nd4j.rand(1, 10));
        Npy.write(dir.resolve("nan.npy"), Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {Double.NaN, 0}}));
        Npy.write(dir.resolve("pair.npy"), Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 1}}));
    }

    @ParameterizedTest(name = "{0} k={1}")
    @CsvSource({"f32, 5", "f64, 3", "int, 1"})
    void prdcJsonEqualsComputePrdc(String dtype, int k) throws IOException {
        CliRun r = cli(
                "prdc",
                "--real",
                golden("real_" + dtype + ".npy"),
                "--generated",
                golden("gen_" + dtype + ".npy"),
                "--k",
                Integer.toString(k),
                "--json");

        assertThat(r.status()).as(r.err()).isZero();
        JsonNode got = new ObjectMapper().readTree(r.out());
        JsonNode expected = json("prdc.json").get("cases").get(dtype + "_k" + k);
        List<String> keys = new ArrayList<>();
        got.fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .containsExactly("precision", "recall", "density", "coverage", "k", "realSize", "generatedSize");
        for (String key : new String[] {"precision", "recall", "density", "coverage"}) {
            assertThat(got.get(key).asDouble())
                    .as(key)
                    .isCloseTo(expected.get(key).asDouble(), within(1e-12));
        }
        assertThat(got.get("k").asInt()).isEqualTo(k);
        assertThat(got.get("realSize").asInt()).isEqualTo(dtype.equals("int") ? 200 : 300);
        assertThat(got.get("generatedSize").asInt()).isEqualTo(dtype.equals("int") ? 180 : 250);
    }

    @Test
    void prdcReadsCsvAndExplainsEachNumberInText() throws IOException {
        JsonNode expected = json("prdc.json").get("cases").get("int_k5");

        CliRun r = cli(
                "prdc",
                "--real",
                dir.resolve("real_int.csv").toString(),
                "--generated",
                dir.resolve("gen_int.csv").toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "precision %.4f   share of generated samples",
                        expected.get("precision").asDouble()));
        assertThat(r.out())
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "recall    %.4f",
                        expected.get("recall").asDouble()));
        assertThat(r.out())
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "density   %.4f",
                        expected.get("density").asDouble()));
        assertThat(r.out())
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "coverage  %.4f",
                        expected.get("coverage").asDouble()));
        assertThat(r.out()).contains("k 5, samples: 200 real, 180 generated");
    }

    @Test
    void kidWithOneFullSubsetEqualsTheUnbiasedFormula() throws IOException {
        CliRun r = cli(
                "kid",
                "--real",
                golden("kid_real.npy"),
                "--generated",
                golden("kid_gen.npy"),
                "--subsets",
                "1",
                "--subset-size",
                "120",
                "--json");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode got = new ObjectMapper().readTree(r.out());
        List<String> keys = new ArrayList<>();
        got.fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .containsExactly("kid", "kidStd", "subsets", "subsetSize", "degree", "realSize", "generatedSize");
        assertThat(got.get("kid").asDouble())
                .isCloseTo(json("kid.json").get("shifted_f64").asDouble(), within(1e-12));
        assertThat(got.get("kidStd").asDouble()).isZero();
        assertThat(got.get("subsets").asInt()).isEqualTo(1);
        assertThat(got.get("subsetSize").asInt()).isEqualTo(120);
        assertThat(got.get("degree").asInt()).isEqualTo(3);
        assertThat(got.get("realSize").asInt()).isEqualTo(120);
        assertThat(got.get("generatedSize").asInt()).isEqualTo(120);
    }

    @Test
    void kidShrinksTheDefaultSubsetSizeWithAWarningAndPrintsText() {
        CliRun r =
                cli("kid", "--real", golden("kid_real.npy"), "--generated", golden("kid_same.npy"), "--subsets", "5");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err().strip())
                .isEqualTo("warning: subset size 1000 is more than the generated set's 120 rows; using"
                        + " subsets of 120 (pass --subset-size 120 or more rows to silence this)");
        // every subset is the whole of both sets (in another order): KID is the full-set MMD^2, std only rounding
        String kid = r.out()
                .lines()
                .filter(l -> l.startsWith("KID       "))
                .findFirst()
                .orElseThrow();
        assertThat(Double.parseDouble(kid.substring(10).strip().split(" +")[0]))
                .isCloseTo(KidPrdcCliTest.sameKid(), within(1e-6));
        String std = r.out()
                .lines()
                .filter(l -> l.startsWith("KID std   "))
                .findFirst()
                .orElseThrow();
        assertThat(Math.abs(Double.parseDouble(std.substring(10).strip().split(" +")[0])))
                .isLessThan(1e-12);
        assertThat(r.out())
                .contains(
                        "mean unbiased MMD^2 over subsets",
                        "standard deviation over the subsets",
                        "subsets 5 of 120 rows per set; kernel (0.1 x.y + 1)^3",
                        "samples: 120 real, 120 generated");
    }

    static double sameKid() {
        try {
            return json("kid.json").get("same_f64").asDouble();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "k equals rows       | prdc --real DIR/six.npy --generated DIR/six.npy --k 6              | --k 6,below the row count,six.npy,6 rows",
                "k zero              | prdc --real DIR/six.npy --generated DIR/six.npy --k 0              | --k 0,>= 1",
                "prdc width mismatch | prdc --real REAL --generated DIR/six.npy                            | --generated,six.npy,width 16,(6)",
                "prdc missing file   | prdc --real DIR/nope.npy --generated DIR/six.npy                   | --real,nope.npy,not found",
                "subset size 1       | kid --real DIR/six.npy --generated DIR/six.npy --subset-size 1     | --subset-size 1,>= 2",
                "subsets 0           | kid --real DIR/six.npy --generated DIR/six.npy --subsets 0         | --subsets 0,>= 1",
                "gamma negative      | kid --real DIR/six.npy --generated DIR/six.npy --gamma -1          | --gamma -1.0,> 0",
                "kid width mismatch  | kid --real REAL --generated DIR/six.npy                             | --generated,width 16,(6)",
                "kid one row         | kid --real DIR/one.npy --generated DIR/one.npy                     | --real,one.npy,1 row",
                "prdc NaN values     | prdc --real DIR/pair.npy --generated DIR/nan.npy --k 1           | generated,nan.npy,NaN at row 2,finite",
                "kid NaN values      | kid --real DIR/nan.npy --generated DIR/pair.npy                    | real,nan.npy,NaN at row 2,finite",
                "csv width mismatch  | prdc --real DIR/real_int.csv --generated DIR/six.npy              | --generated,six.npy,width 16,(6)",
                "kid missing file    | kid --real DIR/six.npy --generated DIR/nope.npy                    | --generated,nope.npy,not found",
            })
    void badInputExitsWithStatusTwoAndOneLine(String name, String args, String expected) {
        String[] argv = args.strip()
                .replace("REAL", golden("real_int.npy"))
                .replace("DIR/", dir + "/")
                .split(" +");
        CliRun r = cli(argv);
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).as("one line").doesNotContain("\n").startsWith("modewatch ");
        for (String part : expected.split(",")) {
            assertThat(r.err()).contains(part);
        }
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void bothCommandsPrintHelpAndAreListed() {
        for (String command : new String[] {"kid", "prdc"}) {
            CliRun r = cli(command, "--help");
            assertThat(r.status()).isZero();
            assertThat(r.out()).contains("Usage: modewatch " + command, "--real", "--generated", "--json");
        }
        assertThat(cli("--help").out()).contains("kid", "prdc");
    }
}
