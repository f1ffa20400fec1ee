package dev.shmc.cli;

import static dev.shmc.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shmc.cli.CliRunner.Run;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class IsPrimeCommandTest {
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);
    private static final Pattern PRODUCT = Pattern.compile("(\\d+) is not prime: (\\d+) x (\\d+) \\((mr|trial), [0-9.]+ s\\)");

    /** Reads JSON with numbers of any length (Jackson's readers stop at 1000 digits unless told otherwise). */
    private static JsonNode readBig(String json) {
        try {
            return JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(10_000).build()).build()).build().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }

    private static Run ok(String... args) {
        Run r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    /** The text line "N is not prime: A x B (...)", checked: A * B = N, both proper. Returns A. */
    private static BigInteger assertProduct(BigInteger n, String line) {
        Matcher m = PRODUCT.matcher(line.strip());
        assertTrue(m.matches(), line);
        BigInteger a = new BigInteger(m.group(2));
        BigInteger b = new BigInteger(m.group(3));
        assertEquals(n, new BigInteger(m.group(1)));
        assertEquals(n, a.multiply(b), line);
        assertTrue(a.compareTo(BigInteger.ONE) > 0 && b.compareTo(BigInteger.ONE) > 0, line);
        return a;
    }

    @Test
    void shouldProveTheLargestPrimeBelowTwoToThe64Prime() {
        for (String n : new String[] {"18446744073709551557", "2^64-59", "18_446_744_073_709_551_557"}) {
            Run r = ok("is-prime", n);
            assertTrue(r.out().startsWith("18446744073709551557 is prime (mr, "), r.out());
        }
        JsonNode j = ok("is-prime", "18446744073709551557", "--json").json();
        assertTrue(j.get("n").isIntegralNumber(), "n is a JSON number: " + j);
        assertEquals(new BigInteger("18446744073709551557"), j.get("n").bigIntegerValue());
        assertTrue(j.get("prime").asBoolean());
        assertEquals("deterministic", j.get("certainty").asText());
        assertTrue(j.get("factor").isNull());
    }

    @Test
    void shouldFactorTwoToThe64MinusOne() {
        BigInteger n = TWO_TO_64.subtract(BigInteger.ONE);
        assertProduct(n, ok("is-prime", "18446744073709551615").out());
        JsonNode j = ok("is-prime", "18446744073709551615", "--json").json();
        assertEquals(n, j.get("n").bigIntegerValue());
        assertFalse(j.get("prime").asBoolean());
        assertEquals(BigInteger.ZERO, n.mod(j.get("factor").bigIntegerValue()));
        assertEquals("deterministic", j.get("certainty").asText());
    }

    @Test
    void shouldFactorNumbersFromTwoToThe63WhoseFactorsAreNearTwoToThe32() {
        BigInteger n = BigInteger.valueOf(4_294_967_291L).multiply(BigInteger.valueOf(4_294_967_279L));
        BigInteger f = assertProduct(n, ok("is-prime", n.toString()).out());
        assertTrue(f.equals(BigInteger.valueOf(4_294_967_291L)) || f.equals(BigInteger.valueOf(4_294_967_279L)), "factor " + f);
        // the strong pseudoprime to the bases 2 .. 31
        assertProduct(BigInteger.valueOf(3_825_123_056_546_413_051L), ok("is-prime", "3825123056546413051").out());
    }

    @Test
    void shouldCallMersennePrimesBeyondTwoToThe64ProbablyPrimeAndSaySo() {
        Run r = ok("is-prime", "2^127-1");
        assertTrue(r.out().startsWith("170141183460469231731687303715884105727 is probably prime "
                + "(BPSW; no counterexample is known, but this is not a proof) (mr, "), r.out());
        JsonNode j = ok("is-prime", "2^127-1", "--json").json();
        assertEquals(BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE), j.get("n").bigIntegerValue());
        assertTrue(j.get("prime").asBoolean());
        assertEquals("probable", j.get("certainty").asText());
        assertEquals("bpsw", j.get("test").asText());

        Run m521 = ok("is-prime", "2^521-1"); // 157 digits: shortened in the text, whole in the JSON
        assertTrue(m521.out().startsWith("686479766013060971498190079908139321726943530...") && m521.out().contains("(157 digits) is probably prime (BPSW;"),
                m521.out());
        assertEquals(BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE), ok("is-prime", "2^521-1", "--json").json().get("n").bigIntegerValue());
    }

    @Test
    void shouldProveABigCompositeWithoutASmallFactorCompositeByAWitness() {
        BigInteger p = BigInteger.TEN.pow(39).add(BigInteger.valueOf(3));
        BigInteger q = BigInteger.TEN.pow(39).multiply(BigInteger.valueOf(7)).nextProbablePrime();
        String n = p.multiply(q).toString();
        Run r = ok("is-prime", n);
        assertTrue(r.out().startsWith(n + " is not prime: composite (Miller-Rabin witness 2; no small factor found) (mr, "), r.out());
        JsonNode j = ok("is-prime", n, "--json").json();
        assertFalse(j.get("prime").asBoolean());
        assertEquals("deterministic", j.get("certainty").asText(), "a witness proves it");
        assertEquals(2, j.get("witness").asInt());
        assertTrue(j.get("factor").isNull());
    }

    @Test
    void shouldShowASmallFactorOfABigComposite() {
        BigInteger fermat = TWO_TO_64.add(BigInteger.ONE);
        assertEquals(BigInteger.valueOf(274_177), assertProduct(fermat, ok("is-prime", "2^64+1").out()));
        // 3,000 digits, the most accepted: 10^2999 + 1 = 11 * 9090...91
        Run r = ok("is-prime", "10^2999+1");
        assertTrue(r.out().startsWith("1" + "0".repeat(44) + "..." + "0".repeat(44) + "1 (3000 digits) is not prime: 11 x 9090909"), r.out());
        JsonNode j = readBig(ok("is-prime", "1e2999+1", "--json").out());
        assertEquals(BigInteger.TEN.pow(2999).add(BigInteger.ONE), j.get("n").bigIntegerValue());
        assertEquals(11, j.get("factor").asInt());
    }

    /** Trial division of N from 2^63 on, over two worker JVMs: the factor is found in its chunk and the others stop. */
    @Test
    @Tag("slow")
    void shouldFindAFactorOfANumberAboveTwoToThe63ByTrialDivisionOverWorkerJvms() {
        BigInteger p = BigInteger.valueOf(100_000_007); // prime: candidate index 5e7, some chunks in
        BigInteger q = TWO_TO_64.divide(p);
        while (!q.isProbablePrime(100)) {
            q = q.subtract(BigInteger.ONE);
        }
        BigInteger n = p.multiply(q);
        assertTrue(n.bitLength() == 64, "n = " + n + " is at least 2^63");
        JsonNode j = ok("is-prime", n.toString(), "--method", "trial", "--workers", "2", "--mode", "processes", "--json").json();
        assertEquals(n, j.get("n").bigIntegerValue());
        assertFalse(j.get("prime").asBoolean());
        assertEquals(p, j.get("factor").bigIntegerValue(), "the smallest factor");
        assertEquals("trial", j.get("method").asText());
        assertEquals(2, j.get("workers").asInt());
        assertEquals("processes", j.get("mode").asText());
    }

    @Test
    void shouldAnswerTrialDivisionOfSmallAndEvenNumbersAboveTwoToThe63WithoutWorkers() {
        assertProduct(TWO_TO_64.subtract(BigInteger.TWO), ok("is-prime", "18446744073709551614", "--method", "trial").out());
        assertTrue(ok("is-prime", "7", "--method", "trial").out().startsWith("7 is prime (trial, "));
        assertTrue(ok("is-prime", "1", "--method", "trial").out().startsWith("1 is not prime"));
    }

    @Test
    void shouldFindAFactorBelowTwoToThe20InTheCommandWithoutAJob() {
        BigInteger n = BigInteger.valueOf(1_000_003).multiply(BigInteger.valueOf(10_000_000_000_037L)); // both prime; n > 2^63
        JsonNode j = ok("is-prime", n.toString(), "--method", "trial", "--json").json();
        assertEquals(1_000_003, j.get("factor").asLong(), j::toString);
        assertFalse(j.has("job"), "found by the short pass in the command, before any job: " + j);
    }

    /** The first candidate the job gets is the first the command's short pass did not try: a factor just past it is found. */
    @Test
    @Tag("slow")
    void shouldFindTheFirstFactorPastTheCommandsShortPassInTheJob() {
        BigInteger n = BigInteger.valueOf(1_048_583).multiply(BigInteger.valueOf(1_000_000_007)); // 2^20 + 7 and 1e9 + 7, both prime
        JsonNode j = ok("is-prime", n.toString(), "--method", "trial", "--workers", "2", "--mode", "processes", "--json").json();
        assertEquals(1_048_583, j.get("factor").asLong(), j::toString);
        assertTrue(j.has("job"), "a job searched past the short pass: " + j);
        JsonNode prime = ok("is-prime", "1000000000000037", "--method", "trial", "--workers", "2", "--mode", "processes", "--json").json();
        assertTrue(prime.get("prime").asBoolean(), prime::toString);
        assertTrue(prime.has("job"), prime::toString);
    }
}
