package dev.threadleak.junit;

import java.util.List;

/** What a library would ship through the SPI; registered in this module's test resources. */
public final class LibraryThreads implements BenignThreads {

    @Override
    public List<String> threadNames() {
        return List.of("acme-housekeeper");
    }
}
