package dev.calor.contract;

/** Base of every exception thrown by the Calor firmware contract codecs. Unchecked. */
public class ContractException extends RuntimeException {

    public ContractException(String message) {
        super(message);
    }

    public ContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
