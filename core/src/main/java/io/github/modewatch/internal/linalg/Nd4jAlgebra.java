package io.github.modewatch.internal.linalg;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link LinearAlgebra} on ND4J's active backend: what GPU users get (nd4j-cuda), so the products run on the
 * device. L^T W L is two general products here (ND4J's {@code trmm} is unusable, see {@link OpenBlasAlgebra}).
 */
final class Nd4jAlgebra extends LinearAlgebra {
    static final Nd4jAlgebra INSTANCE = new Nd4jAlgebra();

    private Nd4jAlgebra() {}

    @Override
    public String name() {
        return "nd4j";
    }

    private record ArraySquare(INDArray a) implements Square {
        @Override
        public int size() {
            return Math.toIntExact(a.rows());
        }

        @Override
        public double[] toArray() {
            return a.dup('f').data().asDouble();
        }

        @Override
        public void close() {
            a.close();
        }
    }

    private static INDArray of(Square s) {
        return ((ArraySquare) s).a();
    }

    @Override
    public Square square(double[] values, int n) {
        if (values.length != n * n) {
            throw new IllegalArgumentException(values.length + " values for a " + n + " x " + n + " matrix");
        }
        return new ArraySquare(Nd4j.create(values.clone(), new long[] {n, n}, 'f'));
    }

    @Override
    public boolean cholesky(Square a) {
        try {
            Nd4j.getBlasWrapper().lapack().potrf(of(a), true);
            return true;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Error notPositiveDefinite) {
            // ND4J reports LAPACK potrf's info > 0 ("The matrix is not positive definite!") as a java.lang.Error
            return false;
        }
    }

    @Override
    public void congruence(Square l, Square w) {
        int n = l.size();
        double[] values = l.toArray(); // column-major; potrf leaves the upper triangle undefined: zero it here
        for (int col = 1; col < n; col++) {
            java.util.Arrays.fill(values, col * n, col * n + col, 0.0);
        }
        // (not Nd4j.tri(n, n, 0) as a mask: for n = 1 it gave 0, so L^T W L came out 0; LinearAlgebraTest)
        INDArray lower = Nd4j.create(values, new long[] {n, n}, 'f');
        INDArray target = of(w);
        target.assign(Nd4j.gemm(lower, Nd4j.gemm(target, lower, false, false), true, false));
    }

    @Override
    public double[] eigenvalues(Square a) {
        INDArray values = Nd4j.create(DataType.DOUBLE, a.size());
        int info = Nd4j.getBlasWrapper().lapack().syev('N', 'L', of(a), values);
        return checked(info, values);
    }

    @Override
    public double[] eigenvectors(Square a) {
        INDArray values = Nd4j.create(DataType.DOUBLE, a.size());
        int info = Nd4j.getBlasWrapper().lapack().syev('V', 'L', of(a), values);
        return checked(info, values);
    }

    private static double[] checked(int info, INDArray values) {
        if (info != 0) {
            throw new ArithmeticException("symmetric eigenvalue decomposition did not converge (LAPACK syev info = "
                    + info + "); check the covariances for NaN or huge values");
        }
        return values.toDoubleVector();
    }

    @Override
    public Square multiply(Square a, boolean transposeA, Square b, boolean transposeB) {
        return new ArraySquare(Nd4j.gemm(of(a), of(b), transposeA, transposeB).dup('f'));
    }

    @Override
    public Centres centres(double[] c, int k, int m) {
        INDArray centres = Nd4j.create(java.util.Arrays.copyOf(c, k * m), new long[] {k, m}, 'c');
        return (x, rows, dots) -> {
            INDArray a = Nd4j.create(
                    x.length == rows * m ? x : java.util.Arrays.copyOf(x, rows * m), new long[] {rows, m}, 'c');
            INDArray g = Nd4j.gemm(a, centres, false, true);
            System.arraycopy(g.dup('c').data().asDouble(), 0, dots, 0, rows * k);
        };
    }

    @Override
    public int blockRows() {
        return 4096;
    }
}
