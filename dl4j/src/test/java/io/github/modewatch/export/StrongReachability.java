package io.github.modewatch.export;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether one object keeps another alive: a walk of the object graph from {@code root} over strong references
 * only, so a test can check what the garbage collector may never clear without running it (System.gc() is a hint,
 * and whether a weakly held object is gone after it depends on the JVM and its timing).
 *
 * <p>Followed: the instance fields of non-JDK classes (lambdas included), arrays, and JDK collections, maps,
 * {@link AtomicReference} and {@link Optional} through their public API. Not followed: {@link Reference} referents
 * (weak, soft, phantom), {@link WeakHashMap} keys, static fields, and other JDK objects.
 */
final class StrongReachability {
    private StrongReachability() {}

    static boolean reaches(Object root, Object target) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (o == target) {
                return true;
            }
            if (!seen.add(o) || o instanceof Reference<?> || o instanceof Class<?>) {
                continue;
            }
            Class<?> type = o.getClass();
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    for (Object e : (Object[]) o) {
                        push(todo, e);
                    }
                }
            } else if (isJdk(type)) {
                if (o instanceof WeakHashMap<?, ?> map) {
                    new java.util.ArrayList<>(map.values()).forEach(v -> push(todo, v));
                } else if (o instanceof Map<?, ?> map) {
                    new java.util.ArrayList<>(map.entrySet()).forEach(e -> {
                        push(todo, e.getKey());
                        push(todo, e.getValue());
                    });
                } else if (o instanceof Collection<?> collection) {
                    new java.util.ArrayList<>(collection).forEach(e -> push(todo, e));
                } else if (o instanceof AtomicReference<?> ref) {
                    push(todo, ref.get());
                } else if (o instanceof Optional<?> optional) {
                    optional.ifPresent(v -> push(todo, v));
                }
            } else {
                for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                            continue;
                        }
                        try {
                            f.setAccessible(true);
                            push(todo, f.get(o));
                        } catch (ReflectiveOperationException | RuntimeException e) {
                            throw new AssertionError("cannot read " + f + " of " + type.getName(), e);
                        }
                    }
                }
            }
        }
        return false;
    }

    private static void push(Deque<Object> todo, Object o) {
        if (o != null) {
            todo.push(o);
        }
    }

    private static boolean isJdk(Class<?> c) {
        String name = c.getName();
        return name.startsWith("java.")
                || name.startsWith("javax.")
                || name.startsWith("jdk.")
                || name.startsWith("sun.");
    }
}
