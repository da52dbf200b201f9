package io.github.modewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modewatch.Fixtures;
import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.internal.data.KnownMixture;
import io.github.modewatch.io.Npy;
import io.github.modewatch.metrics.ndb.NdbReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CliTest {
    @TempDir
    static Path dir;

    static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    static String path(String name) {
        return dir.resolve(name).toString();
    }

    @BeforeAll
    static void writeInputs() throws IOException {
        Npy.write(dir.resolve("real.npy"), GaussianMixtures.ring8(4_000, 1));
        Npy.write(dir.resolve("good.npy"), GaussianMixtures.ring8(1_000, 2));
        Npy.write(
                dir.resolve("half.npy"),
                GaussianMixtures.sample(
                        GaussianMixtures.keep(GaussianMixtures.ringMeans(), 0, 1, 2, 3),
                        GaussianMixtures.RING_STD,
                        1_000,
                        3));
        Npy.write(dir.resolve("wide.npy"), Nd4j.rand(50, 3));
        Npy.write(dir.resolve("flat.npy"), Nd4j.createFromArray(new double[] {1, 2, 3}));
        Npy.write(dir.resolve("nan.npy"), Nd4j.createFromArray(new double[][] {{1, 2}, {Double.NaN, 0}}));
        Files.writeString(dir.resolve("nan.csv"), "x,y\n1,2\n3,4\nNaN,0\n");
        Files.writeString(dir.resolve("text.npz"), "not a zip");
        Files.write(
                dir.resolve("trunc.npy"), java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve("good.npy")), 300));
        assertThat(cli("fit-reference", "--real", path("real.npy"), "--bins", "16", "--out", path("ref.npz"), "--quiet")
                        .status())
                .isZero();
        // Ring-8 with exactly 500 rows per mode, 8 whitened bins: one bin per mode. Generated sets with exact counts:
        // every mode at its reference share 1/8; and modes 6, 7 dropped with their share piled onto mode 5.
        double[][] ring = GaussianMixtures.ringMeans();
        Npy.write(
                dir.resolve("ring-even.npy"),
                KnownMixture.draw(
                                ring, GaussianMixtures.RING_STD, new int[] {500, 500, 500, 500, 500, 500, 500, 500}, 11)
                        .samples());
        Npy.write(
                dir.resolve("even.npy"),
                KnownMixture.draw(
                                ring, GaussianMixtures.RING_STD, new int[] {125, 125, 125, 125, 125, 125, 125, 125}, 12)
                        .samples());
        Npy.write(
                dir.resolve("drop67.npy"),
                KnownMixture.draw(ring, GaussianMixtures.RING_STD, new int[] {125, 125, 125, 125, 125, 375, 0, 0}, 13)
                        .samples());
        assertThat(cli(
                                "fit-reference",
                                "--real",
                                path("ring-even.npy"),
                                "--bins",
                                "8",
                                "--whiten",
                                "--out",
                                path("ref8.npz"),
                                "--quiet")
                        .status())
                .isZero();
    }

    /** The bin of each ring-8 mode in ref8.npz (the bin its mean falls in), checked to be one bin per mode. */
    private static int[] binOfMode() {
        int[] bins =
                NdbReference.load(dir.resolve("ref8.npz")).assign(Nd4j.createFromArray(GaussianMixtures.ringMeans()));
        assertThat(bins).as("one bin per ring mode").doesNotHaveDuplicates();
        return bins;
    }

    @Test
    void fitReferenceWritesTheDocumentedArrays() {
        NdbReference ref = NdbReference.load(dir.resolve("ref.npz"));
        assertThat(ref.bins()).isEqualTo(16);
        assertThat(ref.referenceSize()).isEqualTo(4_000);
        assertThat(ref.toArrays()).containsOnlyKeys("centers", "proportions", "n", "mean", "std", "dims");
        assertThat(NdbReference.load(dir.resolve("ref8.npz")).proportions())
                .as("500 of 4,000 rows per mode and bin")
                .containsOnly(0.125);
    }

    @Test
    void ndbJsonFlagsExactlyTheBinsOfTheDroppedAndOverfilledModes() throws IOException {
        int[] binOfMode = binOfMode();

        CliRun r = cli("ndb", "--reference", path("ref8.npz"), "--generated", path("drop67.npy"), "--json");

        assertThat(r.status()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("ndb").asInt()).isEqualTo(3);
        for (int mode = 0; mode < 8; mode++) {
            int b = binOfMode[mode];
            assertThat(json.get("different").get(b).asBoolean())
                    .as("bin %d (mode %d) flagged", b, mode)
                    .isEqualTo(mode >= 5);
            assertThat(json.get("referenceProportions").get(b).asDouble()).isEqualTo(0.125);
            assertThat(json.get("generatedProportions").get(b).asDouble())
                    .as("share of mode %d", mode)
                    .isEqualTo(mode < 5 ? 0.125 : mode == 5 ? 0.375 : 0.0);
        }
        assertThat(json.get("zScores").get(binOfMode[5]).asDouble())
                .as("over-filled")
                .isNegative();
        assertThat(json.get("zScores").get(binOfMode[6]).asDouble())
                .as("missing")
                .isPositive();
        assertThat(json.get("zScores").get(binOfMode[7]).asDouble())
                .as("missing")
                .isPositive();
    }

    @Test
    void ndbTextListsExactlyTheDifferentBinsAndNoneForAGeneratorAtTheReferenceShares() {
        int[] binOfMode = binOfMode();

        CliRun healthy = cli("ndb", "--reference", path("ref8.npz"), "--generated", path("even.npy"));
        CliRun dropped = cli("ndb", "--reference", path("ref8.npz"), "--generated", path("drop67.npy"));

        assertThat(healthy.status()).isZero();
        assertThat(dropped.status()).isZero();
        assertThat(healthy.out()).contains("NDB   0 of 8 bins differ").doesNotContain("most different bins");
        assertThat(dropped.out()).contains("NDB   3 of 8 bins differ", "most different bins");
        // table rows: bin, reference share, generated share, z
        java.util.Map<Integer, Double> listed = new java.util.TreeMap<>();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile(
                        "(?m)^ +(\\d+) +0\\.1250 +(\\d\\.\\d{4}) +-?\\d+\\.\\d{2}$")
                .matcher(dropped.out());
        while (row.find()) {
            listed.put(Integer.parseInt(row.group(1)), Double.parseDouble(row.group(2)));
        }
        assertThat(listed)
                .containsOnly(
                        java.util.Map.entry(binOfMode[5], 0.375),
                        java.util.Map.entry(binOfMode[6], 0.0),
                        java.util.Map.entry(binOfMode[7], 0.0));
    }

    @Test
    void ndbJsonListsTheMissingBinsAndTheirReferenceShare() throws IOException {
        // drop67.npy: modes 6 and 7 get no generated sample, each holds 500 of the 4,000 reference rows (1/8)
        int[] binOfMode = binOfMode();

        CliRun dropped = cli("ndb", "--reference", path("ref8.npz"), "--generated", path("drop67.npy"), "--json");
        CliRun healthy = cli("ndb", "--reference", path("ref8.npz"), "--generated", path("even.npy"), "--json");

        assertThat(dropped.status()).as(dropped.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(dropped.out());
        java.util.List<Integer> missing = new java.util.ArrayList<>();
        json.get("missingBins").forEach(b -> missing.add(b.asInt()));
        assertThat(missing)
                .as("bins of modes 6 and 7, in bin order; not mode 5's over-filled bin")
                .containsExactly(Math.min(binOfMode[6], binOfMode[7]), Math.max(binOfMode[6], binOfMode[7]));
        assertThat(json.get("missingShare").asDouble()).isEqualTo(0.25);
        JsonNode none = new ObjectMapper().readTree(healthy.out());
        assertThat(none.get("missingBins").isArray()).isTrue();
        assertThat(none.get("missingBins")).isEmpty();
        assertThat(none.get("missingShare").asDouble()).isZero();
    }

    @Test
    void ndbTextListsTheMissingBinsWithTheirShares() {
        int[] binOfMode = binOfMode();

        CliRun dropped = cli("ndb", "--reference", path("ref8.npz"), "--generated", path("drop67.npy"));
        CliRun healthy = cli("ndb", "--reference", path("ref8.npz"), "--generated", path("even.npy"));

        assertThat(dropped.out())
                .contains(
                        "missing bins: 2 of 8, holding 25.0% of the reference samples\n"
                                + "  (missing: differs and gets under 1/4 of its reference share):\n   bin  reference  generated\n");
        String table = dropped.out()
                .substring(dropped.out().indexOf("missing bins:"), dropped.out().indexOf("most different"));
        java.util.List<String> rows = table.lines()
                .filter(l -> l.matches(" +\\d+ +\\d\\.\\d{4} +\\d\\.\\d{4}"))
                .toList();
        assertThat(rows)
                .containsExactly(
                        String.format("  %4d    0.1250     0.0000", Math.min(binOfMode[6], binOfMode[7])),
                        String.format("  %4d    0.1250     0.0000", Math.max(binOfMode[6], binOfMode[7])));
        assertThat(healthy.out())
                .contains("missing bins: none (missing: differs and gets under 1/4 of its reference " + "share)\n");
    }

    @Test
    void ndbJsonHasTheContractKeysWithArraysInBinOrder() throws IOException {
        CliRun r = cli("ndb", "--reference", path("ref.npz"), "--generated", path("half.npy"), "--json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "bins",
                        "ndb",
                        "ndbFraction",
                        "js",
                        "alpha",
                        "referenceSize",
                        "generatedSize",
                        "referenceProportions",
                        "generatedProportions",
                        "zScores",
                        "pValues",
                        "different",
                        "missingBins",
                        "missingShare");
        assertThat(json.get("bins").asInt()).isEqualTo(16);
        assertThat(json.get("generatedSize").asLong()).isEqualTo(1_000);
        assertThat(json.get("pValues").size()).isEqualTo(16);
        assertThat(json.get("ndbFraction").asDouble()).isEqualTo(json.get("ndb").asDouble() / 16);
        assertThat(json.get("ndb").asInt()).isGreaterThan(8); // half the ring is missing
        int different = 0;
        for (JsonNode d : json.get("different")) {
            different += d.asBoolean() ? 1 : 0;
        }
        assertThat(different).isEqualTo(json.get("ndb").asInt());
    }

    @Test
    void ndbGivesTheSameAnswerForANpyAndTheSameSamplesAsCsv() throws IOException {
        // one parser per format, both parsed into the same array type and binned by the one nearest-bin rule
        INDArray half = Npy.read(dir.resolve("half.npy"));
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < half.rows(); i++) {
            csv.append(half.getDouble(i, 0))
                    .append(',')
                    .append(half.getDouble(i, 1))
                    .append('\n');
        }
        Files.writeString(dir.resolve("half.csv"), csv);

        CliRun npy = cli("ndb", "--reference", path("ref.npz"), "--generated", path("half.npy"), "--json");
        CliRun text = cli("ndb", "--reference", path("ref.npz"), "--generated", path("half.csv"), "--json");

        assertThat(npy.status()).as(npy.err()).isZero();
        assertThat(text.status()).as(text.err()).isZero();
        assertThat(npy.out()).isEqualTo(text.out());
    }

    @Test
    void idxImagesAreAcceptedWhereverSampleFilesAre() throws IOException {
        // the 3 fixture images (make_idx_fixtures.py): 2 bins, then the gzipped copy of the same images as generated
        CliRun fit = cli(
                "fit-reference",
                "--real",
                Fixtures.idx("tiny-images-idx3-ubyte").toString(),
                "--bins",
                "2",
                "--out",
                path("idx-ref.npz"),
                "--quiet");
        assertThat(fit.status()).as(fit.err()).isZero();
        NdbReference ref = NdbReference.load(dir.resolve("idx-ref.npz"));
        assertThat(ref.dimension()).isEqualTo(6);
        CliRun ndb = cli(
                "ndb",
                "--reference",
                path("idx-ref.npz"),
                "--generated",
                Fixtures.idx("tiny-images-idx3-ubyte.gz").toString(),
                "--json");
        assertThat(ndb.status()).as(ndb.err()).isZero();
        assertThat(new ObjectMapper().readTree(ndb.out()).get("ndb").asInt()).isZero();
        CliRun fsd = cli(
                "fsd",
                "--real",
                Fixtures.idx("tiny-images-idx3-ubyte.gz").toString(),
                "--generated",
                Fixtures.idx("tiny-images-idx3-ubyte").toString(),
                "--json");
        assertThat(fsd.status()).as(fsd.err()).isZero();
        assertThat(new ObjectMapper().readTree(fsd.out()).get("distance").asDouble())
                .isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void ndbCanFitAndEvaluateInOneGo() {
        CliRun r = cli("ndb", "--real", path("real.npy"), "--bins", "8", "--generated", path("good.npy"), "--json");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"bins\": 8");
    }

    @Test
    void fsdFromStatsMatchesScipyAndReportsZeroSizes() throws IOException {
        double expected = Double.parseDouble(
                Files.readString(Fixtures.numpy("stats_expected.txt")).strip());
        CliRun r = cli(
                "fsd",
                "--real-stats",
                Fixtures.numpy("stats_a.npz").toString(),
                "--generated-stats",
                Fixtures.numpy("stats_b.npz").toString(),
                "--json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "distance", "meanTerm", "covarianceTerm", "realSize", "generatedSize", "dims");
        assertThat(json.get("distance").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.get("realSize").isNull())
                .as("unknown sample counts are null, not 0")
                .isTrue();
        assertThat(json.get("generatedSize").isNull()).isTrue();
        assertThat(json.get("dims").asInt()).isEqualTo(5);
    }

    @Test
    void fsdFromSamplesReportsSizes() throws IOException {
        CliRun r = cli(
                "fsd",
                "--real",
                Fixtures.numpy("samples_a.npy").toString(),
                "--generated",
                Fixtures.numpy("samples_b.npy").toString(),
                "--json");
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("realSize").asLong()).isEqualTo(300);
        assertThat(json.get("generatedSize").asLong()).isEqualTo(250);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing file        | ndb --reference REF --generated DIR/nope.npy                 | --generated,nope.npy,not found",
                "truncated file      | ndb --reference REF --generated DIR/trunc.npy                | --generated,trunc.npy",
                "NaN values          | ndb --reference REF --generated DIR/nan.npy                  | --generated,NaN,finite",
                "NaN in a .csv       | ndb --reference REF --generated DIR/nan.csv                  | --generated,nan.csv,row 2,finite",
                "1-D array           | ndb --reference REF --generated DIR/flat.npy                 | --generated,flat.npy,2-D",
                "width mismatch      | ndb --reference REF --generated DIR/wide.npy                 | --generated,width 3,(2)",
                "K below 1           | fit-reference --real DIR/real.npy --bins 0 --out DIR/o.npz   | --bins 0,between 1",
                "K above rows        | fit-reference --real DIR/real.npy --bins 4001 --out DIR/o.npz | --bins 4001,4000",
                "alpha above 1       | ndb --reference REF --generated DIR/good.npy --alpha 1.5     | --alpha 1.5,(0, 1)",
                "alpha zero          | ndb --reference REF --generated DIR/good.npy --alpha 0       | --alpha 0.0,(0, 1)",
                "npz without arrays  | fsd --real-stats REF --generated DIR/good.npy                | --real-stats,'mu',sigma",
                "not an npz          | ndb --reference DIR/text.npz --generated DIR/good.npy        | --reference,text.npz,.npz",
                "bins with reference | ndb --reference REF --bins 5 --generated DIR/good.npy        | --bins 5,only with --real",
                "unknown engine      | fit-reference --real DIR/real.npy --bins 4 --engine x --out DIR/o.npz | --engine,x",
                "missing output dir  | fit-reference --real DIR/real.npy --bins 4 --out DIR/no/o.npz | --out,does not exist",
                "IDX labels as images | fit-reference --real IDX/tiny-labels-idx1-ubyte.gz --bins 2 --out DIR/o.npz | --real,label file,0x00000801",
                "IDX wrong magic     | fit-reference --real IDX/bad-magic-idx3-ubyte --bins 2 --out DIR/o.npz | --real,0x0000080d,0x00000803",
                "IDX truncated       | fsd --real IDX/truncated-idx3-ubyte.gz --generated IDX/tiny-images-idx3-ubyte | --real,truncated,18 bytes",
                "IDX empty           | ndb --reference REF --generated IDX/empty-idx3-ubyte        | --generated,empty file",
            })
    void badInputExitsWithStatusTwoAndOneLineNamingFlagValueAndExpectation(String name, String args, String expected) {
        String[] argv = args.strip()
                .replace("REF", path("ref.npz"))
                .replace("DIR/", dir + "/")
                .split(" +");
        for (int i = 0; i < argv.length; i++) {
            if (argv[i].startsWith("IDX/")) { // each fixture on its own: from a test-jar they are copied one by one
                argv[i] = Fixtures.idx(argv[i].substring("IDX/".length())).toString();
            }
        }
        CliRun r = cli(argv);
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).as("one line").doesNotContain("\n").startsWith("modewatch ");
        for (String part : expected.split(",")) {
            assertThat(r.err()).contains(part.replace("'", ""));
        }
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(dir.resolve("o.npz")).as("nothing half-written").doesNotExist();
    }

    /** mu (2) and sigma (2 x 2) in the given type, as pytorch-fid saves them. */
    private static Path stats(String name, org.nd4j.linalg.api.buffer.DataType type, double[] mu, double[][] sigma) {
        Path file = dir.resolve(name);
        io.github.modewatch.io.Npz.write(
                file,
                java.util.Map.of(
                        "mu",
                        Nd4j.createFromArray(mu).castTo(type),
                        "sigma",
                        Nd4j.createFromArray(sigma).castTo(type)));
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(
            value = org.nd4j.linalg.api.buffer.DataType.class,
            names = {"FLOAT", "DOUBLE"})
    void fsdFromStatsOfDiagonalCovariancesMatchesTheClosedForm(org.nd4j.linalg.api.buffer.DataType type)
            throws IOException {
        // Dowson & Landau: for commuting (here diagonal) covariances Tr(S1 + S2 - 2 (S1 S2)^(1/2)) =
        // sum_i (sqrt(a_i) - sqrt(b_i))^2 = (1 - 2)^2 + (2 - 1)^2 = 2; mean term 3^2 + 4^2 = 25.
        Path a = stats("diag_a_" + type + ".npz", type, new double[] {0, 0}, new double[][] {{1, 0}, {0, 4}});
        Path b = stats("diag_b_" + type + ".npz", type, new double[] {3, 4}, new double[][] {{4, 0}, {0, 1}});

        CliRun r = cli("fsd", "--real-stats", a.toString(), "--generated-stats", b.toString(), "--json");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("meanTerm").asDouble()).isCloseTo(25, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.get("covarianceTerm").asDouble()).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(json.get("distance").asDouble()).isCloseTo(27, org.assertj.core.data.Offset.offset(1e-6));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "asymmetric         | FLOAT  | 1, 0.5, 0, 1  | 'sigma' is not symmetric (sigma[0][1] = 0.5 but sigma[1][0] = 0.0)",
                "asymmetric         | DOUBLE | 1, 0.5, 0, 1  | 'sigma' is not symmetric (sigma[0][1] = 0.5 but sigma[1][0] = 0.0)",
                "negative definite  | DOUBLE | -1, 0, 0, -1  | 'sigma' has a negative variance on its diagonal (sigma[0][0] = -1.0)",
                "negative definite  | FLOAT  | -1, 0, 0, -1  | 'sigma' has a negative variance on its diagonal (sigma[0][0] = -1.0)",
                "indefinite         | DOUBLE | 1, 2, 2, 1    | 'sigma' is not positive semi-definite (smallest eigenvalue -1.00000, largest in magnitude 3.00000)",
                "indefinite         | FLOAT  | 1, 2, 2, 1    | 'sigma' is not positive semi-definite (smallest eigenvalue -1.00000, largest in magnitude 3.00000)",
            })
    void fsdRefusesAStatsFileWhoseSigmaIsNotACovariance(String name, String type, String values, String message) {
        double[] v = java.util.Arrays.stream(values.split(","))
                .mapToDouble(x -> Double.parseDouble(x.strip()))
                .toArray();
        org.nd4j.linalg.api.buffer.DataType t = org.nd4j.linalg.api.buffer.DataType.valueOf(type);
        Path good = stats("good_" + type + ".npz", t, new double[] {0, 0}, new double[][] {{1, 0}, {0, 1}});
        Path bad = stats(name.replace(' ', '_') + "_" + type + ".npz", t, new double[] {0, 0}, new double[][] {
            {v[0], v[1]}, {v[2], v[3]}
        });

        for (boolean badIsGenerated : new boolean[] {true, false}) {
            CliRun r = badIsGenerated
                    ? cli("fsd", "--real-stats", good.toString(), "--generated-stats", bad.toString())
                    : cli("fsd", "--real-stats", bad.toString(), "--generated-stats", good.toString());

            assertThat(r.status()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().strip())
                    .doesNotContain("\n")
                    .startsWith("modewatch fsd: " + (badIsGenerated ? "--generated-stats " : "--real-stats ") + bad
                            + ": " + message)
                    .endsWith(
                            "save the covariance of the features, e.g. numpy.cov(features, rowvar=False), as pytorch-fid does");
        }
    }

    @Test
    void fsdAcceptsASymmetricSigmaWithFloat32Rounding() throws IOException {
        // a PSD covariance rounded to float32 after an asymmetric float64 computation: off by 1 ulp, still accepted
        double off = 0.3;
        Path a = stats("round_a.npz", org.nd4j.linalg.api.buffer.DataType.DOUBLE, new double[] {0, 0}, new double[][] {
            {1, off}, {Math.nextUp(off), 1}
        });

        CliRun r = cli("fsd", "--real-stats", a.toString(), "--generated-stats", a.toString(), "--json");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get("distance").asDouble())
                .isCloseTo(0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "empty.npy | ndb --reference REF --generated FILE | a .npy file written by numpy.save",
                "empty.csv | ndb --reference REF --generated FILE | one sample per line",
                "empty.npz | ndb --reference FILE --generated GOOD | a .npz archive written by numpy.savez",
                "empty.npz | fsd --real-stats FILE --generated GOOD | a .npz archive written by numpy.savez",
            })
    void aZeroByteFileIsReportedAsEmpty(String name, String args, String expected) throws IOException {
        Path empty = Files.write(dir.resolve(name), new byte[0]);
        String[] argv = args.strip()
                .replace("REF", path("ref.npz"))
                .replace("GOOD", path("good.npy"))
                .replace("FILE", empty.toString())
                .split(" +");

        CliRun r = cli(argv);

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .contains(empty + ": the file is empty (0 bytes); expected " + expected)
                .doesNotContain("magic")
                .doesNotContain("zip");
    }

    @Test
    void aDirectoryGetsTheSameMessageWhicheverFlagItIsGivenFor() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("samples.npy")); // a folder named like a sample file, too
        Path plain = Files.createDirectories(dir.resolve("plain"));

        java.util.Map<String, String> messages = new java.util.LinkedHashMap<>();
        for (Path d : new Path[] {folder, plain}) {
            messages.put(
                    "--generated " + d,
                    cli("ndb", "--reference", path("ref.npz"), "--generated", d.toString())
                            .err());
            messages.put(
                    "--reference " + d,
                    cli("ndb", "--reference", d.toString(), "--generated", path("good.npy"))
                            .err());
            messages.put(
                    "--real " + d,
                    cli("ndb", "--real", d.toString(), "--bins", "4", "--generated", path("good.npy"))
                            .err());
            messages.put(
                    "--real-stats " + d,
                    cli("fsd", "--real-stats", d.toString(), "--generated", path("good.npy"))
                            .err());
        }

        messages.forEach((flagAndPath, err) -> assertThat(err.strip())
                .as(flagAndPath)
                .isEqualTo("modewatch " + (flagAndPath.startsWith("--real-stats") ? "fsd" : "ndb") + ": " + flagAndPath
                        + ": is a directory; expected a file (pass the path of a file in it)"));
    }

    @Test
    void sampleSizeWarningsUseTheSingularForOneSample() throws IOException {
        Npy.write(dir.resolve("one.npy"), Nd4j.createFromArray(new float[][] {{0.5f, 0.5f}}));

        CliRun r = cli("ndb", "--reference", path("ref.npz"), "--generated", path("one.npy"));

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err())
                .contains("warning: only 1 generated sample for 16 bins:")
                .doesNotContain("1 generated samples");
    }

    @Test
    void verboseAddsAStackTrace() {
        CliRun r = cli("ndb", "--reference", path("ref.npz"), "--generated", path("flat.npy"), "--verbose");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("\tat ");
    }

    @Test
    void everyCommandPrintsHelp() {
        for (String command : new String[] {"fit-reference", "ndb", "fsd"}) {
            CliRun r = cli(command, "--help");
            assertThat(r.status()).isZero();
            assertThat(r.out()).contains("Usage: modewatch " + command);
        }
        assertThat(cli("--help").out()).contains("fit-reference", "ndb", "fsd");
    }
}
