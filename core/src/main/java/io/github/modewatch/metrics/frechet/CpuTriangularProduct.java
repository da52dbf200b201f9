package io.github.modewatch.metrics.frechet;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasLeft;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasLower;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNonUnit;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRight;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dtrmm;

import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * L^T W L for a lower-triangular L by two BLAS dtrmm calls on ND4J's CPU backend (the OpenBLAS that nd4j-native
 * ships), half the flops of two general products. Called directly because ND4J 1.0.0-M2.1's
 * {@code Level3.trmm} passes the {@code diag} argument to CBLAS unconverted (OpenBLAS rejects it and leaves the
 * matrix unchanged). Loaded only when the CPU backend is active; other backends use GEMM.
 */
final class CpuTriangularProduct {
    private CpuTriangularProduct() {
    }

    /**
     * Overwrites {@code w} with L^T W L.
     *
     * @param l lower-triangular n x n float64 matrix in column-major order (the upper triangle is ignored)
     * @param w n x n float64 matrix in column-major order, not a view
     */
    static void congruence(INDArray l, INDArray w) {
        int n = Math.toIntExact(l.rows());
        if (l.dataType() != DataType.DOUBLE || w.dataType() != DataType.DOUBLE || l.ordering() != 'f'
                || w.ordering() != 'f' || l.isView() || w.isView() || l.columns() != n || w.rows() != n
                || w.columns() != n) {
            throw new IllegalArgumentException("expected two n x n float64 column-major matrices, got "
                    + l.shapeInfoToString() + " and " + w.shapeInfoToString());
        }
        DoublePointer a = (DoublePointer) l.data().addressPointer();
        DoublePointer b = (DoublePointer) w.data().addressPointer();
        cblas_dtrmm(CblasColMajor, CblasRight, CblasLower, CblasNoTrans, CblasNonUnit, n, n, 1.0, a, n, b, n); // W L
        cblas_dtrmm(CblasColMajor, CblasLeft, CblasLower, CblasTrans, CblasNonUnit, n, n, 1.0, a, n, b, n);    // L^T W L
    }
}
