package dev.cognitomerge.standin;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Cognito's API request-rate quotas as token buckets, one per category, shared by every caller of the stand-in
 * (Cognito enforces them per account and Region across all user pools and applications:
 * docs/cognito-facts.md#request-rate-quotas). A request whose category has no token left is refused with
 * {@code TooManyRequestsException} (HTTP 400, "Rate exceeded"), as Cognito refuses it; a refused request takes no
 * token. Operations outside the five categories below are never throttled here.
 *
 * <p>Each bucket refills continuously at its rate and holds at most its burst. Cognito does not publish its burst;
 * the default is one second's worth of the rate. The optional background load stands for the account's other
 * applications: they take their share of a category's rate first (the pessimistic case for the trigger), so the
 * trigger's callers see the rate minus the background.
 */
public final class RequestQuotas {

    /** The categories the function's operations fall in, with the published default rates (requests per second). */
    public enum Category {
        USER_LIST("UserList", 30),
        USER_UPDATE("UserUpdate", 25),
        USER_READ("UserRead", 120),
        USER_CREATION("UserCreation", 50),
        USER_RESOURCE_READ("UserResourceRead", 50);

        final String title;
        final double defaultRate;

        Category(String title, double defaultRate) {
            this.title = title;
            this.defaultRate = defaultRate;
        }

        public String title() {
            return title;
        }

        public double defaultRate() {
            return defaultRate;
        }
    }

    /** Operation → category (docs/cognito-facts.md#request-rate-quotas). */
    static final Map<String, Category> OPERATIONS = Map.ofEntries(
            Map.entry("ListUsers", Category.USER_LIST),
            Map.entry("AdminLinkProviderForUser", Category.USER_UPDATE),
            Map.entry("AdminDisableProviderForUser", Category.USER_UPDATE),
            Map.entry("AdminDeleteUser", Category.USER_UPDATE),
            Map.entry("AdminSetUserPassword", Category.USER_UPDATE),
            Map.entry("AdminAddUserToGroup", Category.USER_UPDATE),
            Map.entry("AdminUpdateUserAttributes", Category.USER_UPDATE),
            Map.entry("AdminGetUser", Category.USER_READ),
            Map.entry("AdminCreateUser", Category.USER_CREATION),
            Map.entry("AdminListGroupsForUser", Category.USER_RESOURCE_READ));

    private final Map<Category, Bucket> buckets = new EnumMap<>(Category.class);
    private final LongSupplier nanoClock;

    private RequestQuotas(Map<Category, Bucket> buckets, LongSupplier nanoClock) {
        this.buckets.putAll(buckets);
        this.nanoClock = nanoClock;
    }

    /** The published default rates, a burst of one second's worth, no background load. */
    public static RequestQuotas publishedDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The category of {@code operation}, if it is one the quotas cover. */
    public static Optional<Category> categoryOf(String operation) {
        return Optional.ofNullable(OPERATIONS.get(operation));
    }

    /** Takes a token for {@code operation}: false means the request is refused (throttled). */
    public boolean tryAcquire(String operation) {
        Category category = OPERATIONS.get(operation);
        if (category == null) {
            return true;
        }
        Bucket bucket = buckets.get(category);
        synchronized (bucket) {
            return bucket.tryAcquire(nanoClock.getAsLong());
        }
    }

    /** Requests admitted per category since the start (or the last {@link #resetCounts()}). */
    public Map<String, Long> admitted() {
        Map<String, Long> counts = new LinkedHashMap<>();
        buckets.forEach((category, bucket) -> {
            synchronized (bucket) {
                counts.put(category.title, bucket.admitted);
            }
        });
        return counts;
    }

    /** Requests refused with TooManyRequestsException per category. */
    public Map<String, Long> throttled() {
        Map<String, Long> counts = new LinkedHashMap<>();
        buckets.forEach((category, bucket) -> {
            synchronized (bucket) {
                counts.put(category.title, bucket.throttled);
            }
        });
        return counts;
    }

    public long throttledTotal() {
        return throttled().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Zeroes the counters; the buckets keep their tokens. */
    public void resetCounts() {
        buckets.values().forEach(bucket -> {
            synchronized (bucket) {
                bucket.admitted = 0;
                bucket.throttled = 0;
            }
        });
    }

    /** Fills every bucket to its burst, as after a quiet period. */
    public void refill() {
        long now = nanoClock.getAsLong();
        buckets.values().forEach(bucket -> {
            synchronized (bucket) {
                bucket.tokens = bucket.burst;
                bucket.updated = now;
            }
        });
    }

    public static final class Builder {
        private final Map<Category, double[]> settings = new EnumMap<>(Category.class);
        private LongSupplier nanoClock = System::nanoTime;

        private Builder() {
            for (Category category : Category.values()) {
                settings.put(category, new double[] {category.defaultRate, category.defaultRate, 0});
            }
        }

        /** The category's rate (requests per second) and burst (the most tokens it holds). */
        public Builder rate(Category category, double perSecond, double burst) {
            if (perSecond <= 0 || burst < 1) {
                throw new IllegalArgumentException("rate must be > 0 and burst >= 1: " + category.title);
            }
            double[] values = settings.get(category);
            values[0] = perSecond;
            values[1] = burst;
            return this;
        }

        /** Other applications' steady use of the category, in requests per second, taken before the trigger's. */
        public Builder background(Category category, double perSecond) {
            if (perSecond < 0) {
                throw new IllegalArgumentException("background must be >= 0: " + category.title);
            }
            settings.get(category)[2] = perSecond;
            return this;
        }

        /** The same share of every category's rate used by other applications (0.3 = 30 %). */
        public Builder backgroundShare(double share) {
            if (share < 0 || share >= 1) {
                throw new IllegalArgumentException("background share must be in [0, 1): " + share);
            }
            settings.forEach((category, values) -> values[2] = values[0] * share);
            return this;
        }

        Builder clock(LongSupplier clock) {
            this.nanoClock = clock;
            return this;
        }

        public RequestQuotas build() {
            long now = nanoClock.getAsLong();
            Map<Category, Bucket> buckets = new EnumMap<>(Category.class);
            settings.forEach((category, values) -> buckets.put(category,
                    new Bucket(values[0], values[1], values[2], now)));
            return new RequestQuotas(buckets, nanoClock);
        }
    }

    /** One category's bucket; guarded by its own monitor. */
    private static final class Bucket {
        final double burst;
        /** What refills for the trigger's callers: the rate minus the other applications' share. */
        final double refillPerNano;
        double tokens;
        long updated;
        long admitted;
        long throttled;

        Bucket(double rate, double burst, double background, long now) {
            this.burst = burst;
            this.refillPerNano = Math.max(0, rate - background) / 1e9;
            this.tokens = burst;
            this.updated = now;
        }

        boolean tryAcquire(long now) {
            tokens = Math.min(burst, tokens + (now - updated) * refillPerNano);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                admitted++;
                return true;
            }
            throttled++;
            return false;
        }
    }
}
