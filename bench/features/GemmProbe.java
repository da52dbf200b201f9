import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasUpper;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_ssyrk;

import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;

/**
 * What one KID subset's Gram matrices cost (m = 1,000 rows per set, d = 2,048, float32) on the BLAS that KID uses,
 * ND4J's JavaCPP OpenBLAS (two ssyrk and one sgemm, as {@code Kid} calls them), and on oneDNN's sgemm (JavaCPP's
 * {@code org.bytedeco:dnnl}, not a dependency of ModeWatch: an exploration of a faster GEMM for the KID speed
 * target); {@code stacked}: one OpenBLAS ssyrk over both sets stacked (2m rows), the same useful flops in one call.
 * "useful GFLOPS" counts the 4 m^2 d flops a subset needs; oneDNN has no syrk, so its one call computes
 * the whole 2m x 2m Gram matrix of both sets stacked (twice the useful flops).
 *
 * <pre>
 *   mvn -B -q dependency:get -Dartifact=org.bytedeco:dnnl:2.5.2-1.5.7 -Dtransitive=false
 *   mvn -B -q dependency:get -Dartifact=org.bytedeco:dnnl:2.5.2-1.5.7:jar:linux-x86_64 -Dtransitive=false
 *   mvn -B -q dependency:get -Dartifact=org.bytedeco:opencl:3.0-1.5.7 -Dtransitive=false
 *   mvn -B -q dependency:get -Dartifact=org.bytedeco:opencl:3.0-1.5.7:jar:linux-x86_64 -Dtransitive=false
 *   R=~/.m2/repository/org/bytedeco
 *   CP=target/modewatch-cli.jar:$(ls $R/dnnl/2.5.2-1.5.7/*.jar $R/opencl/3.0-1.5.7/*.jar | tr '\n' ':')
 *   javac -cp "$CP" -d bench/features/work/probe bench/features/GemmProbe.java
 *   java -cp "$CP:bench/features/work/probe" GemmProbe openblas
 *   java -cp "$CP:bench/features/work/probe" GemmProbe stacked
 *   java -cp "$CP:bench/features/work/probe" GemmProbe dnnl
 * </pre>
 */
public class GemmProbe {
    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "openblas";
        boolean dnnl = mode.equals("dnnl");
        boolean stacked = mode.equals("stacked");
        int m = 1000;
        int d = 2048;
        float[] values = new float[2 * m * d];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        try (FloatPointer z = new FloatPointer(values);
                FloatPointer y = new FloatPointer(z).position((long) m * d);
                FloatPointer c = new FloatPointer((long) 4 * m * m)) {
            double useful = 4.0 * m * m * d;
            double[] ms = new double[10];
            for (int rep = 0; rep < ms.length; rep++) {
                long t = System.nanoTime();
                if (stacked) { // one ssyrk over both sets stacked: XX, YY and XY in its upper triangle
                    cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, 2 * m, d, 1f, z, d, 0f, c, 2 * m);
                } else if (dnnl) {
                    org.bytedeco.dnnl.global.dnnl.dnnl_sgemm(
                            (byte) 'N', (byte) 'T', 2L * m, 2L * m, d, 1f, z, d, z, d, 0f, c, 2L * m);
                } else {
                    cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, m, d, 1f, z, d, 0f, c, m);
                    cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, m, d, 1f, y, d, 0f, c, m);
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, m, d, 1f, z, d, y, d, 0f, c, m);
                }
                ms[rep] = (System.nanoTime() - t) / 1e6;
            }
            java.util.Arrays.sort(ms, 3, ms.length); // the first 3 are warm-up
            double median = (ms[6] + ms[7]) / 2;
            System.out.printf("%s: %.1f ms per subset (median of runs 4-10), useful %.0f GFLOPS%n",
                    dnnl
                            ? "oneDNN sgemm of the stacked 2m x 2m Gram"
                            : stacked ? "OpenBLAS one ssyrk of the stacked sets" : "OpenBLAS 2 ssyrk + sgemm",
                    median, useful / (median / 1e3) / 1e9);
        }
    }
}
