open module com.example.relay.test {
    requires com.example.relay;
    requires org.junit.jupiter.api;
}
