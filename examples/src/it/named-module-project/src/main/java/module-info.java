module com.example.relay {
    exports com.example.relay;
}
