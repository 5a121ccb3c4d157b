package dev.cognitomerge.cognito;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListUsersFilterTest {

    @Test
    void buildsAnExactEmailMatch() {
        assertThat(ListUsersFilter.emailEquals("jane@example.com")).contains("email = \"jane@example.com\"");
    }

    @Test
    void escapesQuotesSoTheValueCannotEndEarly() {
        assertThat(ListUsersFilter.emailEquals("a\"@b.c")).contains("email = \"a\\\"@b.c\"");
    }

    @Test
    void escapesBackslashesSoAnEscapeCannotBeSmuggledIn() {
        assertThat(ListUsersFilter.emailEquals("a\\\"@b.c")).contains("email = \"a\\\\\\\"@b.c\"");
    }

    @Test
    void acceptsExactly256CharactersAndNoMore() {
        String prefix = "email = \"";
        String fits = "a".repeat(256 - prefix.length() - 1);

        assertThat(ListUsersFilter.emailEquals(fits)).hasValueSatisfying(f -> assertThat(f).hasSize(256));
        assertThat(ListUsersFilter.emailEquals(fits + "a")).isEmpty();
    }
}
