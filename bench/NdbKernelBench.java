import io.github.modewatch.internal.linalg.LinearAlgebra;
import io.github.modewatch.io.Npy;
import io.github.modewatch.io.NpyArray;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The two costs of {@code modewatch ndb --reference} that grow with the generated file, timed alone in a fresh JVM.
 * Compile it against the CLI jar first (the single-file source launcher would keep the JIT busy compiling javac):
 *
 * <pre>
 *   javac -cp target/modewatch-cli.jar -d bench/work-kernel bench/NdbKernelBench.java
 *   java -cp target/modewatch-cli.jar:bench/work-kernel NdbKernelBench dots
 *   java -cp target/modewatch-cli.jar:bench/work-kernel NdbKernelBench rows   bench/work-f32/gen_good.npy
 *   java -cp target/modewatch-cli.jar:bench/work-kernel NdbKernelBench mapped bench/work-f32/gen_good.npy
 *   java -cp target/modewatch-cli.jar:bench/work-kernel NdbKernelBench alloc
 * </pre>
 *
 * {@code dots}: the nearest-bin products of blocks of 128 rows x 2,048 dimensions against 100 centres (the CPU
 * kernel, {@code LinearAlgebra.openBlas().centres(...).dots}), 200 blocks one after the other on one thread: the total of the
 * first 40 (about what one {@code ndb} run over 5,000 rows computes, JIT warm-up included) and the median of the
 * last 100 (warm). {@code rows}: one pass over every row of a .npy as {@code ndb} reads it
 * (positional reads; rows in blocks of 128 on the common pool, every value checked for NaN/infinity, 2,048 columns
 * gathered). {@code mapped}: the same pass after one element access has memory-mapped the file (the way rows were
 * read before positional reads). {@code alloc}: what fresh memory costs, four new 9.8 MB arrays (100 x 12,288
 * doubles, the size of a reference file's bin centres) each allocated and then filled. Run each mode in its own
 * JVM, with the file in the page cache (run it once first).
 */
public class NdbKernelBench {
    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "dots";
        if (mode.equals("dots")) {
            dots();
        } else if (mode.equals("alloc")) {
            alloc();
        } else {
            rows(Path.of(args[1]), mode.equals("mapped"));
        }
    }

    static void dots() {
        int rows = 128;
        int k = 100;
        int m = 2048;
        SplittableRandom random = new SplittableRandom(1);
        double[] x = random.doubles(rows * m).toArray();
        double[] c = random.doubles(k * m).toArray();
        double[] out = new double[rows * k];
        LinearAlgebra.Centres centres = LinearAlgebra.openBlas().centres(c, k, m); // prepared once, as ndb does
        double[] ms = new double[200];
        for (int rep = 0; rep < ms.length; rep++) {
            long t = System.nanoTime();
            centres.dots(x, rows, out);
            ms[rep] = (System.nanoTime() - t) / 1e6;
        }
        double[] last = java.util.Arrays.copyOfRange(ms, 100, 200);
        java.util.Arrays.sort(last);
        System.out.printf(
                "dots, block of %d x %d against %d centres: first 40 blocks %.1f ms in all; warm median %.2f ms"
                        + " per block (blocks 101-200)%n",
                rows, m, k, java.util.Arrays.stream(ms, 0, 40).sum(), (last[49] + last[50]) / 2);
    }

    static void alloc() {
        for (int rep = 0; rep < 4; rep++) {
            long t0 = System.nanoTime();
            double[] a = new double[100 * 12_288];
            long t1 = System.nanoTime();
            java.util.Arrays.fill(a, 1.0);
            long t2 = System.nanoTime();
            System.out.printf("alloc: new double[%d] %.1f ms, then filling it %.1f ms%n",
                    a.length, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        }
    }

    static void rows(Path file, boolean mapped) {
        NpyArray a = Npy.open(file);
        long start = System.nanoTime();
        if (mapped) {
            a.getDouble(0); // maps the data; rows are read from the mapping from now on
        }
        int n = Math.toIntExact(a.rows());
        int d = Math.toIntExact(a.columns());
        int[] dims = IntStream.range(0, Math.min(2048, d)).map(j -> (int) ((long) j * d / Math.min(2048, d))).toArray();
        int block = 128;
        long bad = IntStream.range(0, (n + block - 1) / block).parallel().mapToLong(b -> {
            double[] out = new double[dims.length];
            long count = 0;
            for (int i = b * block; i < Math.min(n, (b + 1) * block); i++) {
                count += a.gatherRow(i, dims, out, 0) ? 0 : 1;
            }
            return count;
        }).sum();
        System.out.printf("%s: one pass over %d x %d (%s) in %.1f ms; %d rows with NaN/inf%n",
                mapped ? "mapped" : "rows", n, d, a.type(), (System.nanoTime() - start) / 1e6, bad);
    }
}
