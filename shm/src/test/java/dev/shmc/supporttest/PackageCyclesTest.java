package dev.shmc.supporttest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.shmc.shm.support.PackageCycles;
import org.junit.jupiter.api.Test;

/**
 * The package-cycle check itself ({@link PackageCycles}), on the fixtures beside this test: test
 * classes outside every module's root package, so that no module's own check sees them.
 */
class PackageCyclesTest {
    private static final String CYCLE = "dev.shmc.supporttest.cycle";
    private static final String ONE_WAY = "dev.shmc.supporttest.oneway";

    private static JavaClasses fixtures(String root) {
        return new ClassFileImporter().importPackages(root);
    }

    @Test
    void shouldFailNamingBothPackagesWhenTwoPackagesUseEachOther() {
        AssertionError e = assertThrows(AssertionError.class, () -> PackageCycles.assertNone(CYCLE, fixtures(CYCLE)));
        assertTrue(e.getMessage().contains(CYCLE + ".a") && e.getMessage().contains(CYCLE + ".b"), e.getMessage());
    }

    @Test
    void shouldFailWhenTheRootPackageIsPartOfTheCycle() {
        // a <-> b is a cycle between two subpackages; here it runs through the root package itself
        AssertionError e = assertThrows(AssertionError.class, () -> PackageCycles.assertNone(CYCLE + ".rooted", fixtures(CYCLE + ".rooted")));
        assertTrue(e.getMessage().contains("Cycle detected"), e.getMessage());
    }

    @Test
    void shouldPassWhenDependenciesGoOneWay() {
        assertDoesNotThrow(() -> PackageCycles.assertNone(ONE_WAY, fixtures(ONE_WAY)));
    }

    @Test
    void shouldFailWhenNoClassIsUnderTheRootPackage() {
        AssertionError e = assertThrows(AssertionError.class, () -> PackageCycles.assertNone("dev.shmc.nosuch", fixtures("dev.shmc.nosuch")));
        assertTrue(e.getMessage().contains("no compiled classes under dev.shmc.nosuch"), e.getMessage());
    }
}
