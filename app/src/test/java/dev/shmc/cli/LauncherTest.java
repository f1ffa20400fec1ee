package dev.shmc.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which command lines a thin client hands to the service as they are. */
class LauncherTest {
    private String service;

    @BeforeEach
    void withTheDefaultServiceSetting() {
        service = System.clearProperty("shmc.service"); // the test suite sets it to off
    }

    @AfterEach
    void restore() {
        if (service != null) {
            System.setProperty("shmc.service", service);
        } else {
            System.clearProperty("shmc.service");
        }
    }

    @Test
    void shouldRunEverythingHereWithServiceOff() {
        System.setProperty("shmc.service", "off");
        assertFalse(Launcher.forwardable(new String[] {"pi", "--samples", "1e6"}));
    }
    @Test
    void shouldForwardAJobCommandWithItsOwnOptions() {
        assertTrue(Launcher.forwardable(new String[] {"pi", "--samples", "1e6", "--seed", "1", "--json"}));
        assertTrue(Launcher.forwardable(new String[] {"primes", "--to", "1e10"}));
        assertTrue(Launcher.forwardable(new String[] {"array", "--doubles", "1e6", "--ops", "sum"}));
    }

    @Test
    void shouldRunHereACommandThatIsNotAJob() {
        assertFalse(Launcher.forwardable(new String[] {"jobs"}));
        assertFalse(Launcher.forwardable(new String[] {"service", "status"}));
        assertFalse(Launcher.forwardable(new String[0]));
    }

    @Test
    void shouldRunHereAJobWhoseOptionsChooseOtherWorkersOrAskForHelp() {
        for (String option : new String[] {"--workers=3", "--workers", "--mode", "--resume", "--cluster", "--service", "--service=off", "--help", "-h"}) {
            assertFalse(Launcher.forwardable(new String[] {"pi", "--samples", "1e6", option, "x"}), option);
        }
    }
}
