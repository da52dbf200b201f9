package io.github.modewatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modewatch.dl4j.ModeWatchBuilder;
import io.github.modewatch.monitor.Monitor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dl4j module's public API, read from its compiled classes: what users can reach in the API packages
 * ({@code io.github.modewatch}, {@code .dl4j}, {@code .export}, {@code .monitor}) takes and returns only API
 * types, never an {@code internal} one, and {@link ModeWatch#listener()} is the one way to start a listener.
 */
class PublicApiTest {
    private static final List<String> API_PACKAGES = List.of(
            "io.github.modewatch",
            "io.github.modewatch.dl4j",
            "io.github.modewatch.export",
            "io.github.modewatch.monitor");
    /** Third-party packages an API signature may name: the JDK and the libraries a ModeWatch user already has. */
    private static final List<String> ALLOWED_FOREIGN =
            List.of("java.", "javax.", "org.nd4j.", "org.deeplearning4j.", "io.micrometer.");

    /** Every class compiled from dl4j/src/main in the API packages (not their sub-packages), nested ones included. */
    private static List<Class<?>> apiPackageClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(ModeWatch.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<Class<?>> classes = new ArrayList<>();
        for (String pkg : API_PACKAGES) {
            Path dir = root.resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class"))
                        .sorted()
                        .toList()) {
                    String simple = f.getFileName().toString().replaceFirst("\\.class$", "");
                    classes.add(Class.forName(pkg + "." + simple, false, ModeWatch.class.getClassLoader()));
                }
            }
        }
        assertThat(classes)
                .as("classes found under " + root)
                .extracting(Class::getSimpleName)
                .contains("ModeWatch", "ModeWatchListener", "ModeWatchBuilder", "Monitor");
        return classes;
    }

    /** Public, and every enclosing class public: reachable from a user's code. */
    private static boolean reachable(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static List<Class<?>> publicApiTypes() throws Exception {
        return apiPackageClasses().stream().filter(PublicApiTest::reachable).toList();
    }

    @Test
    void publicSignaturesNameOnlyApiTypes() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Class<?> c : publicApiTypes()) {
            String where = c.getName();
            check(c.getGenericSuperclass(), where + " extends", problems);
            for (Type i : c.getGenericInterfaces()) {
                check(i, where + " implements", problems);
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k.getModifiers()) && !k.isSynthetic()) {
                    checkExecutable(k, where + ".<init>", problems);
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    check(m.getGenericReturnType(), where + "." + m.getName() + " returns", problems);
                    checkExecutable(m, where + "." + m.getName(), problems);
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic()) {
                    check(f.getGenericType(), where + "." + f.getName(), problems);
                }
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    check(rc.getGenericType(), where + " component " + rc.getName(), problems);
                }
            }
        }
        assertThat(problems)
                .as("public API signatures that name internal, non-public or foreign types")
                .isEmpty();
    }

    private static void checkExecutable(Executable e, String where, List<String> problems) {
        for (Type p : e.getGenericParameterTypes()) {
            check(p, where + " takes", problems);
        }
        for (Type x : e.getGenericExceptionTypes()) {
            check(x, where + " throws", problems);
        }
    }

    private static void check(Type type, String where, List<String> problems) {
        if (type == null) {
            return;
        }
        if (type instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.isPrimitive()) {
                return;
            }
            String name = c.getName();
            if (name.startsWith("io.github.modewatch.")) {
                if (name.contains(".internal.")) {
                    problems.add(where + " " + name + " (internal)");
                } else if (!reachable(c)) {
                    problems.add(where + " " + name + " (not public)");
                }
            } else if (ALLOWED_FOREIGN.stream().noneMatch(name::startsWith)) {
                problems.add(where + " " + name + " (a dependency users do not get through the API)");
            }
        } else if (type instanceof ParameterizedType p) {
            check(p.getRawType(), where, problems);
            for (Type a : p.getActualTypeArguments()) {
                check(a, where, problems);
            }
        } else if (type instanceof WildcardType w) {
            Arrays.stream(w.getUpperBounds()).forEach(b -> check(b, where, problems));
            Arrays.stream(w.getLowerBounds()).forEach(b -> check(b, where, problems));
        } else if (type instanceof GenericArrayType g) {
            check(g.getGenericComponentType(), where, problems);
        } else if (type instanceof TypeVariable<?> v) {
            Arrays.stream(v.getBounds()).forEach(b -> check(b, where, problems));
        }
    }

    @Test
    void modeWatchListenerIsTheOnlyPublicWayToStartABuilder() throws Exception {
        assertThat(ModeWatchBuilder.class.getConstructors()).isEmpty();
        assertThat(Arrays.stream(ModeWatchBuilder.class.getDeclaredConstructors())
                        .filter(k -> visible(k.getModifiers())))
                .isEmpty();
        List<String> factories = new ArrayList<>();
        for (Class<?> c : publicApiTypes()) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isStatic(m.getModifiers())
                        && visible(m.getModifiers())
                        && m.getReturnType() == ModeWatchBuilder.class) {
                    factories.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertThat(factories).containsExactly("ModeWatch.listener");
        assertThat(ModeWatch.listener()).as("a new builder per call").isNotSameAs(ModeWatch.listener());
    }

    @Test
    void theMonitorViewHasNoWriteMethods() {
        List<String> methods =
                Arrays.stream(Monitor.class.getMethods()).map(Method::getName).toList();
        assertThat(methods)
                .contains("latest", "history", "failures", "evaluations")
                .noneMatch(n -> n.startsWith("record") || n.startsWith("set") || n.startsWith("clear"));
    }

    /**
     * The API as decided for issue #13: adding or removing a public type must be a choice, made here too. The
     * count is what the closing note reports.
     */
    @Test
    void theApiPackagesHoldExactlyTheChosenPublicTypes() throws Exception {
        Set<String> names = new TreeSet<>();
        for (Class<?> c : publicApiTypes()) {
            names.add(c.getName().substring("io.github.modewatch.".length()));
        }
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "ModeWatch",
                        "dl4j.ModeWatchListener",
                        "dl4j.ModeWatchBuilder",
                        "dl4j.GeneratorSampler",
                        "dl4j.GeneratorSampler$Snapshot",
                        "export.MetricNames",
                        "export.ModeWatchMetrics",
                        "export.ModeWatchMetrics$Builder",
                        "export.PortInUseException",
                        "monitor.Monitor",
                        "monitor.Evaluation",
                        "monitor.FailureKind");
    }
}
