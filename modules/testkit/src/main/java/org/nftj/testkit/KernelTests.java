package org.nftj.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Kernel tests ({@link KernelTest}) are run or left out as a whole, never skipped one by one.
 *
 * <p>{@link Filter} (registered with the JUnit Platform as a {@link PostDiscoveryFilter}) leaves out
 * every test tagged {@value #TAG} when this JVM is not root or has no built helper, and
 * {@link Summary} (a {@link TestExecutionListener}) then prints one line: how many, and why. With
 * {@code -D}{@value #MODE_PROPERTY}{@code =required} (as {@code scripts/test} runs) nothing is left
 * out: a kernel test that cannot run fails.
 */
public final class KernelTests {
    /** The JUnit tag of kernel tests. */
    public static final String TAG = "kernel";
    /** {@code auto} (the default: leave kernel tests out when they cannot run) or {@code required}. */
    public static final String MODE_PROPERTY = "nftj.kernel.tests";

    private static final Set<String> leftOut = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger running = new AtomicInteger();
    /** Set once the JUnit Platform discovered tests in this JVM; a benchmark's main program runs without it. */
    private static volatile boolean underJUnit;

    private KernelTests() {}

    /** {@return why kernel tests cannot run in this JVM (not root, no built helper), or an empty list when they can} */
    public static List<String> missing() {
        List<String> why = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) why.add("not running as root (network namespaces need it)");
        String helper = System.getProperty(NetnsHelper.BUILT_HELPER_PROPERTY, "");
        if (helper.isBlank()) {
            why.add("no built helper (-D" + NetnsHelper.BUILT_HELPER_PROPERTY + "=PATH)");
        } else if (!Files.isExecutable(Path.of(helper))) {
            why.add("the built helper " + helper + " is not there");
        }
        return why;
    }

    static boolean required() {
        return "required".equals(System.getProperty(MODE_PROPERTY, "auto"));
    }

    /**
     * For the kit's entry points (and tests that need root for something else): the calling test
     * must be a {@link KernelTest}, and it must be able to run. A test that is not marked fails,
     * so that none can hide among the unit tests and be skipped where root is missing. Outside
     * JUnit (the benchmark harnesses' main programs) only root and the helper are required.
     *
     * @throws AssertionError when the caller is not a running {@link KernelTest}, or kernel tests
     *         are {@code required} and cannot run
     * @throws IllegalStateException outside JUnit, without root or the built helper
     */
    public static void require() {
        List<String> why = missing();
        if (!underJUnit) {
            if (!why.isEmpty()) throw new IllegalStateException("needs root and the built helper: " + String.join("; ", why));
            return;
        }
        if (running.get() == 0) {
            throw new AssertionError("this test needs root, a network namespace or the built helper: mark it @KernelTest");
        }
        if (required() && !why.isEmpty()) throw new AssertionError("kernel tests are required here, but: " + String.join("; ", why));
        Assumptions.assumeTrue(why.isEmpty(), () -> String.join("; ", why));
    }

    /**
     * For a kernel test run by an engine other than JUnit Jupiter, which does not apply
     * {@link KernelTest}'s extension (a jqwik property tagged {@value #TAG} with jqwik's own
     * {@code @Tag}, which {@link Filter} leaves out like any other): the property's body runs inside
     * {@code try (var k = KernelTests.running()) { … }}, so that {@link #require()} knows it is one.
     *
     * @return what ends it
     */
    public static AutoCloseable running() {
        running.incrementAndGet();
        return running::decrementAndGet;
    }

    /** Leaves out tests tagged {@value #TAG} when they cannot run (see {@link KernelTests}). */
    public static final class Filter implements PostDiscoveryFilter {
        /** Made by the JUnit Platform from its service registration. */
        public Filter() {}

        @Override
        public FilterResult apply(TestDescriptor d) {
            underJUnit = true;
            if (!d.getTags().contains(TestTag.create(TAG))) return FilterResult.included("not a kernel test");
            List<String> why = missing();
            if (why.isEmpty() || required()) return FilterResult.included("a kernel test that can run");
            if (d.getSource().filter(MethodSource.class::isInstance).isPresent()) leftOut.add(d.getUniqueId().toString());
            return FilterResult.excluded(String.join("; ", why));
        }
    }

    /** Prints how many kernel tests were left out, and why, once the run is over. */
    public static final class Summary implements TestExecutionListener {
        /** Made by the JUnit Platform from its service registration. */
        public Summary() {}

        @Override
        public void testPlanExecutionFinished(TestPlan plan) {
            if (leftOut.isEmpty()) return;
            Path here = Path.of("").toAbsolutePath().getFileName(); // the module's folder, as Maven runs its tests
            System.out.println("kernel tests" + (here == null ? "" : " (" + here + ")") + ": " + leftOut.size() + " left out: "
                    + String.join("; ", missing()) + "; bash scripts/test runs them (as root, with the helper built)");
        }
    }

    /** Counts the kernel tests running now, so that {@link #require()} knows the caller is one. */
    public static final class Running implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
        /** Made by JUnit Jupiter for {@link KernelTest}'s {@code @ExtendWith}. */
        public Running() {}

        @Override public void beforeAll(ExtensionContext c) { running.incrementAndGet(); }

        @Override public void afterAll(ExtensionContext c) { running.decrementAndGet(); }

        @Override public void beforeEach(ExtensionContext c) { running.incrementAndGet(); }

        @Override public void afterEach(ExtensionContext c) { running.decrementAndGet(); }
    }
}
