open module com.example.relay.test {
    requires com.example.relay;
    requires org.junit.jupiter.api;
    requires dev.threadleak.junit; // for @DetectThreadLeaks: the extension's jar, an automatic module
}
