package dev.cognitomerge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.PreSignUpHandler;
import dev.cognitomerge.SignUpRefusedException;
import dev.cognitomerge.audit.AuditLog;
import dev.cognitomerge.cognito.CognitoClientProducer;
import dev.cognitomerge.cognito.UserDirectory;
import dev.cognitomerge.config.MergeConfig;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.hardening.StubContext;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.RequestQuotas;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleUnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * Launch day (issue 20): many warm function instances, each its own handler, SDK client and connection pool (built
 * by hand in this JVM as Lambda would build one per execution environment: {@code CognitoClientProducer.configure}
 * on a fresh URL-connection client), behind an invoker that behaves like Cognito, against the stand-in enforcing
 * the account's request-rate quotas. Time is not scaled: one simulated second is one second of wall time, because
 * the time constants that decide the outcome (Cognito's 5 s wait, the function's 4.5 s budget and 1.5 s attempt
 * timeout, the SDK's backoff, the quotas' refill) live in the code under test and in the stand-in, and compressing
 * them would mean changing the code being measured.
 *
 * <p>The invoker (Cognito): gives an invocation 5 s; re-delivers an invocation that timed out, or that could not run
 * (every instance busy: a Lambda throttle), up to 3 attempts in all, at once (docs/cognito-facts.md#trigger-budget);
 * a deliberate refusal (the function's error) reaches the person. A success answer while the identity is not linked
 * makes Cognito create a separate federated user: that person is lost for good (a split). The person: retries a
 * refused sign-in once, after a pause drawn uniformly from [pauseMin, pauseMax] ({@code linkedAfterRetry}); whoever is
 * still refused then is the backlog, people who come back later ({@code launch.laterTries}, 6 more tries at most, each
 * after such a pause: {@code linkedLater}), and {@code drainMs} is how long after the last arrival the backlog took to
 * link. Lost means never linked by the end of all that, or split. Arrivals are a Poisson process whose
 * rate follows the profile; every person is a distinct native user (5 % with capitals in the email on both sides,
 * 5 % with capitals only in the IdP's email); the stand-in searches case-insensitively, as the developer guide says
 * Cognito does (docs/cognito-facts.md#search-case).
 */
final class LaunchDay implements AutoCloseable {

    static final String POOL_ID = "us-east-1_LaunchDay";
    static final Duration COGNITO_WAIT = Duration.ofSeconds(5);
    static final int COGNITO_ATTEMPTS = 3;
    /** The merge-trigger module's Lambda timeout. */
    static final Duration LAMBDA_TIMEOUT = Duration.ofSeconds(5);
    static final String RETRIABLE = Reason.LOOKUP_FAILED.userMessage();

    /** Settings, from system properties {@code launch.*} with the defaults below. */
    record Settings(int instances, double seconds, double pauseMinSeconds, double pauseMaxSeconds, int personTries,
            int laterTries, long seed, long latencyMillis, int standInThreads, double burstSeconds) {

        static Settings fromSystemProperties(double defaultSeconds, double defaultPauseMin, double defaultPauseMax,
                double defaultBurstSeconds) {
            return new Settings(
                    Integer.getInteger("launch.concurrency", 50),
                    Double.parseDouble(System.getProperty("launch.seconds", Double.toString(defaultSeconds))),
                    Double.parseDouble(System.getProperty("launch.pauseMin", Double.toString(defaultPauseMin))),
                    Double.parseDouble(System.getProperty("launch.pauseMax", Double.toString(defaultPauseMax))),
                    Integer.getInteger("launch.tries", 2),
                    Integer.getInteger("launch.laterTries", 6),
                    Long.getLong("launch.seed", 20L),
                    Long.getLong("launch.latencyMs", 20L),
                    Integer.getInteger("launch.standInThreads", 64),
                    Double.parseDouble(System.getProperty("launch.burstSeconds", Double.toString(defaultBurstSeconds))));
        }
    }

    /**
     * One load shape: the offered rate at time {@code t} (seconds since the start), as a multiple of the tightest
     * quota, over {@code seconds}; {@code backgroundShare} of every category is used by the account's other
     * applications.
     */
    record Profile(String name, String shape, double seconds, DoubleUnaryOperator share, double backgroundShare,
            double meanShare, double peakShare) {
    }

    /** The five profiles, each {@code seconds} long (60 in the full run). */
    static List<Profile> profiles(double seconds) {
        double spikeStart = seconds / 3;
        double spikeEnd = spikeStart + seconds / 12;
        return List.of(
                new Profile("steady-50", "50 % of the tightest quota throughout", seconds, t -> 0.5, 0, 0.5, 0.5),
                new Profile("steady-80", "80 % throughout", seconds, t -> 0.8, 0, 0.8, 0.8),
                new Profile("steady-50-shared", "50 % while other applications use 30 % of every category",
                        seconds, t -> 0.5, 0.3, 0.5, 0.5),
                new Profile("ramp-2x", "linear from 0 to 2x, then the announcement's wave is over", seconds,
                        t -> 2.0 * t / seconds, 0, 1.0, 2.0),
                new Profile("spike-4x", String.format(Locale.ROOT, "50 %%, 4x from %.0f s to %.0f s", spikeStart,
                        spikeEnd), seconds, t -> t >= spikeStart && t < spikeEnd ? 4.0 : 0.5, 0,
                        (0.5 * (seconds - (spikeEnd - spikeStart)) + 4.0 * (spikeEnd - spikeStart)) / seconds, 4.0));
    }

    /**
     * The figures of one profile; the first fields are issue 20's JSON, in its order. {@code offeredPerSecond} and
     * {@code tightestQuotaShare} are the profile's peak (what "2x" and "4x" name); the mean is reported beside them.
     */
    record Result(String name, double offeredPerSecond, double tightestQuotaShare, int signIns, int linkedFirstTry,
            int linkedAfterRetry, int refused, int lost, int doubled, long p50Ms, long p99Ms, double callsPerLink,
            long throttledCalls,
            // beyond the fields
            int linkedLater, long drainMs, double meanOfferedPerSecond, double backgroundShare, String shape,
            int refusedNotRetriable, int split,
            int lambdaThrottles, int timeouts, int redeliveries, long calls, long admittedCalls,
            double admittedCallsPerLink, long throttlesSeenByFunction, long maxMs, double wallSeconds,
            Map<String, Long> throttledByCategory, Map<String, Integer> refusalReasons,
            Map<String, Integer> splitReasons) {
    }

    private final Settings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final CognitoStandIn standIn;
    private final List<Instance> instances = new ArrayList<>();
    private final BlockingQueue<Instance> free;
    private final ExecutorService runners = Executors.newCachedThreadPool(daemon("launch-instance"));
    private final ExecutorService invokers = Executors.newCachedThreadPool(daemon("launch-cognito"));
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2, daemon("launch-clock"));
    private final double tightestQuota;

    LaunchDay(Settings settings) throws IOException {
        this.settings = settings;
        this.standIn = CognitoStandIn.start(POOL_ID, settings.standInThreads());
        this.free = new ArrayBlockingQueue<>(settings.instances());
        MergeSettings mergeSettings = new MergeSettings(defaultConfig());
        for (int i = 0; i < settings.instances(); i++) {
            Instance instance = new Instance(standIn, mergeSettings, json);
            instances.add(instance);
            free.add(instance);
        }
        // A default link: one ListUsers (UserList), one AdminGetUser (UserRead), one AdminLinkProviderForUser
        // (UserUpdate); the tightest is the smallest quota / calls of its category per link.
        this.tightestQuota = Math.min(RequestQuotas.Category.USER_LIST.defaultRate(),
                Math.min(RequestQuotas.Category.USER_UPDATE.defaultRate(), RequestQuotas.Category.USER_READ.defaultRate()));
    }

    double tightestQuota() {
        return tightestQuota;
    }

    Settings settings() {
        return settings;
    }

    /** The function's settings at their defaults, mapped by SmallRye as Quarkus maps them. */
    static MergeConfig defaultConfig() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(MergeConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of(), "launch-day", 300))
                .build();
        return config.getConfigMapping(MergeConfig.class);
    }

    /** JIT, connection pools and TLS-free HTTP set-up of every instance, without quotas, before anything is measured. */
    void warmUp(int eventsPerInstance) throws InterruptedException {
        standIn.reset();
        standIn.caseInsensitiveSearch(true);
        List<Future<?>> runs = new ArrayList<>();
        for (int n = 0; n < instances.size(); n++) {
            Instance instance = instances.get(n);
            int index = n;
            runs.add(runners.submit(() -> {
                for (int i = 0; i < eventsPerInstance; i++) {
                    String email = "warm." + index + "." + i + "@example.com";
                    standIn.addUser(StandInUser.confirmed("warm-" + index + "-" + i, email));
                    instance.invoke(event("Descope_W" + index + "x" + i, email));
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            try {
                run.get(120, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("warm-up failed", e);
            }
        }
        standIn.reset();
    }

    /** One person signing in through the IdP for the first time. */
    private static final class Person {
        final int index;
        final String username;
        final String subject;
        final String event;
        final long arrivalNanos;
        volatile long finishedNanos;
        volatile boolean linked;
        volatile int linkedOnTry;
        volatile boolean split;

        Person(int index, String username, String subject, String event, long arrivalNanos) {
            this.index = index;
            this.username = username;
            this.subject = subject;
            this.event = event;
            this.arrivalNanos = arrivalNanos;
        }
    }

    /** What a profile's run counts as it goes. */
    private static final class Counts {
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger refusedNotRetriable = new AtomicInteger();
        final AtomicInteger lambdaThrottles = new AtomicInteger();
        final AtomicInteger timeouts = new AtomicInteger();
        final AtomicInteger redeliveries = new AtomicInteger();
        final AtomicLong lastFinished = new AtomicLong();
        final Map<String, Integer> splitReasons = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, Integer> refusalReasons = new java.util.concurrent.ConcurrentHashMap<>();
    }

    Result run(Profile profile) throws InterruptedException {
        Random random = new Random(settings.seed() * 31 + profile.name().hashCode());
        double seconds = profile.seconds();
        // Poisson arrivals with the profile's rate, by thinning a process at the profile's peak rate.
        double peak = 0;
        for (double t = 0; t < seconds; t += seconds / 1000) {
            peak = Math.max(peak, profile.share().applyAsDouble(t));
        }
        double peakRate = peak * tightestQuota;
        List<Double> arrivals = new ArrayList<>();
        for (double t = -Math.log(1 - random.nextDouble()) / peakRate; t < seconds;
                t += -Math.log(1 - random.nextDouble()) / peakRate) {
            if (random.nextDouble() * peakRate < profile.share().applyAsDouble(t) * tightestQuota) {
                arrivals.add(t);
            }
        }

        standIn.reset();
        standIn.caseInsensitiveSearch(true);
        standIn.latency(Duration.ofMillis(settings.latencyMillis()));
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < arrivals.size(); i++) {
            String local = "p" + i + "." + profile.name();
            String stored = local + "@example.com";
            String sent = stored;
            if (i % 20 == 0) {
                stored = capitalise(local) + "@Example.com";
                sent = stored;
            } else if (i % 20 == 1) {
                sent = capitalise(local) + "@Example.com";
            }
            String username = "u-" + profile.name() + "-" + i;
            standIn.addUser(StandInUser.confirmed(username, stored));
            String subject = "L" + Integer.toHexString(profile.name().hashCode()) + "x" + i;
            people.add(new Person(i, username, subject, event("Descope_" + subject, sent), 0));
        }
        instances.forEach(Instance::resetThrottleCount);
        RequestQuotas.Builder quotaSettings = RequestQuotas.builder();
        for (RequestQuotas.Category category : RequestQuotas.Category.values()) {
            quotaSettings.rate(category, category.defaultRate(),
                    Math.max(1, category.defaultRate() * settings.burstSeconds()));
        }
        RequestQuotas quotas = quotaSettings.backgroundShare(profile.backgroundShare()).build();
        standIn.enforceQuotas(quotas);

        Counts counts = new Counts();
        CountDownLatch done = new CountDownLatch(people.size());
        long start = System.nanoTime();
        List<Person> scheduled = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            Person template = people.get(i);
            long at = start + (long) (arrivals.get(i) * 1e9);
            Person person = new Person(template.index, template.username, template.subject, template.event, at);
            scheduled.add(person);
            clock.schedule(() -> invokers.submit(() -> signIn(person, 1, counts, random, done)),
                    at - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        long end = start + (long) (seconds * 1e9);
        double maxTail = (settings.personTries() + settings.laterTries())
                * (settings.pauseMaxSeconds() + COGNITO_ATTEMPTS * 6) + 30;
        boolean finished = done.await((long) ((seconds + maxTail) * 1000), TimeUnit.MILLISECONDS);
        // Every invocation still running finishes inside its budget: wait for all instances to be free again.
        for (int i = 0; i < 100 && free.size() < instances.size(); i++) {
            Thread.sleep(100);
        }
        standIn.enforceQuotas(null);
        double wall = (System.nanoTime() - start) / 1e9;
        if (!finished) {
            throw new IllegalStateException(profile.name() + ": people still signing in after " + wall + " s");
        }
        return result(profile, scheduled, counts, quotas, end, wall);
    }

    private void signIn(Person person, int tryNumber, Counts counts, Random random, CountDownLatch done) {
        String shown = null;
        for (int attempt = 1; attempt <= COGNITO_ATTEMPTS; attempt++) {
            if (attempt > 1) {
                counts.redeliveries.incrementAndGet();
            }
            Instance instance = free.poll();
            if (instance == null) {
                // Lambda throttles the invoke (concurrency exhausted): the function never runs.
                counts.lambdaThrottles.incrementAndGet();
                shown = "PreSignUp invocation failed due to error TooManyRequestsException.";
                continue;
            }
            Future<Answer> running = runners.submit(() -> {
                try {
                    return instance.invoke(person.event);
                } finally {
                    free.add(instance);
                }
            });
            Answer answer;
            try {
                answer = running.get(COGNITO_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                counts.timeouts.incrementAndGet();
                shown = "PreSignUp invocation failed due to error TimeoutException.";
                continue; // the invocation runs on; Cognito re-delivers
            } catch (ExecutionException e) {
                shown = "PreSignUp invocation failed due to error " + e.getCause().getClass().getSimpleName() + ".";
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (answer.refusal() != null) {
                shown = answer.refusal();
                counts.refusalReasons.merge(answer.reason(), 1, Integer::sum);
                break;
            }
            if (answer.unexpected() != null) {
                shown = "PreSignUp failed with error " + answer.unexpected().getClass().getSimpleName() + ".";
                continue;
            }
            // A success answer: Cognito goes on with the sign-in. Linked, or a separate federated user now.
            long now = System.nanoTime();
            if (isLinked(person)) {
                person.linked = true;
                person.linkedOnTry = tryNumber;
            } else {
                person.split = true;
                counts.splitReasons.merge(answer.reason(), 1, Integer::sum);
                standIn.addUser(StandInUser.federatedOnly("Descope_" + person.subject, "split@example.com"));
            }
            finish(person, now, counts, done);
            return;
        }
        counts.refused.incrementAndGet();
        if (!RETRIABLE.equals(shown)) {
            counts.refusedNotRetriable.incrementAndGet();
        }
        if (tryNumber < settings.personTries() + settings.laterTries()) {
            double pause;
            synchronized (random) {
                pause = settings.pauseMinSeconds()
                        + random.nextDouble() * (settings.pauseMaxSeconds() - settings.pauseMinSeconds());
            }
            clock.schedule(() -> invokers.submit(() -> signIn(person, tryNumber + 1, counts, random, done)),
                    (long) (pause * 1e9), TimeUnit.NANOSECONDS);
        } else {
            finish(person, System.nanoTime(), counts, done);
        }
    }

    private static void finish(Person person, long now, Counts counts, CountDownLatch done) {
        person.finishedNanos = now;
        counts.lastFinished.accumulateAndGet(now, Math::max);
        done.countDown();
    }

    private boolean isLinked(Person person) {
        return standIn.identities(person.username).stream()
                .anyMatch(identity -> "Descope".equals(identity.get("providerName"))
                        && person.subject.equals(identity.get("userId")));
    }

    private Result result(Profile profile, List<Person> people, Counts counts, RequestQuotas quotas, long end,
            double wall) {
        int firstTry = 0;
        int afterRetry = 0;
        int later = 0;
        int lost = 0;
        int split = 0;
        List<Long> toLinked = new ArrayList<>();
        Map<String, String> ownerOfSubject = new HashMap<>();
        people.forEach(person -> ownerOfSubject.put(person.subject, person.username));
        for (Person person : people) {
            if (person.linked) {
                if (person.linkedOnTry == 1) {
                    firstTry++;
                } else if (person.linkedOnTry <= settings.personTries()) {
                    afterRetry++;
                } else {
                    later++;
                }
                toLinked.add((person.finishedNanos - person.arrivalNanos) / 1_000_000);
            } else {
                lost++;
                if (person.split) {
                    split++;
                }
            }
        }
        // Doubled: a user holding more than one identity, or an identity linked to anyone but its owner.
        int doubled = 0;
        for (StandInUser user : standIn.users()) {
            List<Map<String, String>> identities = standIn.identities(user.username());
            if (identities.size() > 1) {
                doubled++;
                continue;
            }
            for (Map<String, String> identity : identities) {
                if (!user.username().equals(ownerOfSubject.get(identity.get("userId")))) {
                    doubled++;
                }
            }
        }
        long[] sorted = toLinked.stream().mapToLong(Long::longValue).sorted().toArray();
        long calls = standIn.calls().size();
        long admitted = quotas.admitted().values().stream().mapToLong(Long::longValue).sum();
        int links = firstTry + afterRetry + later;
        long drain = Math.max(0, (counts.lastFinished.get() - end) / 1_000_000);
        long seenByFunction = instances.stream().mapToLong(Instance::throttlesSeen).sum();
        return new Result(profile.name(), round1(profile.peakShare() * tightestQuota), profile.peakShare(),
                people.size(), firstTry, afterRetry, counts.refused.get(), lost, doubled, percentile(sorted, 50),
                percentile(sorted, 99), links == 0 ? 0 : round2((double) calls / links), quotas.throttledTotal(),
                later, drain, round1(profile.meanShare() * tightestQuota), profile.backgroundShare(), profile.shape(),
                counts.refusedNotRetriable.get(), split,
                counts.lambdaThrottles.get(), counts.timeouts.get(), counts.redeliveries.get(), calls, admitted,
                links == 0 ? 0 : round2((double) admitted / links), seenByFunction,
                sorted.length == 0 ? 0 : sorted[sorted.length - 1], round1(wall), quotas.throttled(),
                new java.util.TreeMap<>(counts.refusalReasons), new java.util.TreeMap<>(counts.splitReasons));
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String capitalise(String local) {
        return Character.toUpperCase(local.charAt(0)) + local.substring(1);
    }

    private String event(String userName, String email) {
        ObjectNode event = Events.tree("link");
        event.put("userPoolId", POOL_ID);
        event.put("userName", userName);
        Events.attributes(event).put("email", email);
        return event.toString();
    }

    /** The table a person can scan. */
    static String table(List<Result> results, Settings settings, String machine) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nLaunch day: %d function instances, stand-in with Cognito's default quotas"
                + " (tightest for a default link: UserUpdate 25/s; burst %.1f s of each rate), %d ms per Cognito call,"
                + " person retries %d time(s) after %.0f-%.0f s, then up to %d later tries; time not scaled%n%s%n%n",
                settings.instances(), settings.burstSeconds(), settings.latencyMillis(), settings.personTries() - 1,
                settings.pauseMinSeconds(), settings.pauseMaxSeconds(), settings.laterTries(), machine));
        out.append(String.format(Locale.ROOT,
                "%-17s %6s %5s %8s %7s %5s %5s %7s %4s %7s %7s %7s %10s %9s %8s %11s %10s %8s%n", "profile",
                "peak/s", "peak", "sign-ins", "1st-try", "retry", "later", "refused", "lost", "doubled", "p50 ms", "p99 ms", "calls/link",
                "throttled", "drain ms", "other-text", "lambda-thr", "timeouts"));
        for (Result r : results) {
            out.append(String.format(Locale.ROOT,
                    "%-17s %6.1f %5.2f %8d %7d %5d %5d %7d %4d %7d %7d %7d %10.2f %9d %8d %11d %10d %8d%n",
                    r.name(), r.offeredPerSecond(), r.tightestQuotaShare(), r.signIns(), r.linkedFirstTry(),
                    r.linkedAfterRetry(), r.linkedLater(), r.refused(), r.lost(), r.doubled(), r.p50Ms(), r.p99Ms(),
                    r.callsPerLink(),
                    r.throttledCalls(), r.drainMs(), r.refusedNotRetriable(), r.lambdaThrottles(), r.timeouts()));
        }
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "  %s: %s (mean %.1f/s); %d s of wall time; throttled by category %s;"
                    + " throttles the function saw %d; admitted calls per link %.2f; refusals by reason %s;"
                    + " splits by reason %s%n", r.name(), r.shape(), r.meanOfferedPerSecond(),
                    Math.round(r.wallSeconds()), r.throttledByCategory(), r.throttlesSeenByFunction(),
                    r.admittedCallsPerLink(), r.refusalReasons(), r.splitReasons()));
        }
        return out.toString();
    }

    @Override
    public void close() {
        clock.shutdownNow();
        invokers.shutdownNow();
        runners.shutdownNow();
        instances.forEach(Instance::close);
        standIn.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** What one invocation ended in. */
    record Answer(byte[] output, String refusal, Throwable unexpected, String reason) {
    }

    /** One execution environment: its own handler, SDK client and HTTP connection pool. */
    static final class Instance implements AutoCloseable {
        private final CognitoIdentityProviderClient client;
        private final PreSignUpHandler handler;
        private final CountingAuditLog audit;

        Instance(CognitoStandIn standIn, MergeSettings settings, ObjectMapper json) {
            this.client = CognitoClientProducer.configure(CognitoIdentityProviderClient.builder()
                            .endpointOverride(standIn.endpoint())
                            .region(Region.US_EAST_1)
                            .credentialsProvider(StaticCredentialsProvider.create(
                                    AwsBasicCredentials.create("launch-day", "launch-day")))
                            .httpClient(UrlConnectionHttpClient.create()))
                    .build();
            this.audit = new CountingAuditLog(json, settings);
            this.handler = new PreSignUpHandler(settings, new UserDirectory(client, json), audit, json);
        }

        Answer invoke(String event) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                        new StubContext(LAMBDA_TIMEOUT));
                return new Answer(out.toByteArray(), null, null, audit.lastReason);
            } catch (SignUpRefusedException refusal) {
                return new Answer(null, refusal.getMessage(), null, audit.lastReason);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException | Error e) {
                return new Answer(null, null, e, audit.lastReason);
            }
        }

        long throttlesSeen() {
            return audit.throttles.get();
        }

        void resetThrottleCount() {
            audit.throttles.set(0);
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** The real audit writer; the line is built as in production (EMF included), read for its metric, not printed. */
    static final class CountingAuditLog extends AuditLog {
        private final ObjectMapper json;
        final AtomicLong throttles = new AtomicLong();
        volatile String lastReason;

        CountingAuditLog(ObjectMapper json, MergeSettings settings) {
            super(json, settings);
            this.json = json;
        }

        @Override
        protected void emit(String line) {
            try {
                com.fasterxml.jackson.databind.JsonNode parsed = json.readTree(line);
                throttles.addAndGet(parsed.path("CognitoThrottles").asLong(0));
                lastReason = parsed.path("reason").asText() + (parsed.path("failure").isTextual()
                        ? "/" + parsed.path("failure").asText() : "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
