package org.nftj.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs what only a privileged run provides: root, throwaway network namespaces, the
 * built helper ({@code -Dnftj.helper.build}). Tagged {@value KernelTests#TAG}: where root or the
 * helper is missing, {@link KernelTests} leaves every such test out before the run and says in one
 * line how many and why; {@code scripts/test} (root, helper built) runs them all and requires
 * that it can. {@link NetnsHelper} refuses to serve a test that is not marked so.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(KernelTests.TAG)
@ExtendWith(KernelTests.Running.class)
public @interface KernelTest {}
