package dev.shmc.shm.support;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The check that no two packages of a module use each other, directly or round a longer cycle: a
 * module's {@code PackageGraphTest} calls {@code PackageCycles.assertNone("dev.shmc.bench")} with
 * its own root package. It reads the compiled main classes (not the tests) under that package
 * wherever the class path has them, and every dependency the bytecode shows (calls, fields,
 * signatures, annotations, thrown and caught types); constants the compiler inlined are not there.
 * ArchUnit does the reading and finds the cycles; its message names each cycle and the class
 * dependencies (with source lines) that close it.
 */
public final class PackageCycles {
    private PackageCycles() {
    }

    /** Fails, naming every cycle, when the main classes under {@code rootPackage} have a package cycle. */
    public static void assertNone(String rootPackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
        assertNone(rootPackage, classes);
    }

    /** {@link #assertNone(String)} over classes already imported (the checker's own test gives it fixtures). */
    public static void assertNone(String rootPackage, JavaClasses classes) {
        if (classes.stream().noneMatch(c -> isUnder(rootPackage, c.getPackageName()))) {
            throw new AssertionError("no compiled classes under " + rootPackage + ": a wrong package name checks nothing");
        }
        slices().assignedFrom(packagesUnder(rootPackage)).should().beFreeOfCycles().check(classes);
    }

    /** One slice per package under {@code root} (the root included); classes elsewhere are in none. */
    private static SliceAssignment packagesUnder(String root) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String pkg = javaClass.getPackageName();
                return isUnder(root, pkg) ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages under " + root;
            }
        };
    }

    private static boolean isUnder(String root, String pkg) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }
}
