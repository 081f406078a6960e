import Foundation

/// The icons in `manifests/teams/`, in the source because the production binary ships alone (a static binary finds
/// no resource bundle). `TeamsPackageTests` fails while they differ from the files; after changing one, regenerate
/// its literal with `base64 -w 112 manifests/teams/color.png | sed 's/^/        /'` (likewise `outline.png`).
package enum TeamsAppIcons {
    /// 192×192, the hourglass on the accent colour.
    package static let color = decoded("""
        iVBORw0KGgoAAAANSUhEUgAAAMAAAADACAYAAABS3GwHAAAJTUlEQVR42u2d/YsVVRjH/cuCIAiCIIgkKUoSQQQRJZQsK5CMwgqt/MFgCUOMrEii
        tNXKl91VU9d0c9XU3dV2c31ZXV333n27O8330l58mWfu29zZOXM+Bz6w7O6de56Z+czLOc85Z8ETS/YGAL6ygJ0ACACAAAAIAIAAAAgAgAAACACA
        AAAIAIAAAAgAgAAACACAAAAIAIAAAAgAgAAACACAAAAIAIAAAAgAgAAACACAAAAIAIAAAAgAgAAACACAAAAIAIAAAAgA4IcA6z7rDtp2X4IcoGOJ
        AHWyp2MwoOSj6FgiAAIgAAIgAAIgAAIgAAIgAAIgAAIgAAIgAAIgAAIgAAIgAAIgAAIgAAIky6I3DgUzpdnIg7Nr34C3eTCKPapoX2mfkQuUI6w7
        yuRUyZuD/ehFQbG7dsVGgBbcBXw64NUuCD5d/b1Lh+aWzyOh1wI8t/p387Z/uPu6N/tBsVqPg9pHCJBjlJ9uldfe7cx9/IrRKto3DIjJOc+s2B+M
        jU9HngCnzo/kPn7FGFW0T7RvEMADtuw8Z14FV206ntu4FZtVtE8YEukJTy1rD67dKkSeCBev3stt3IotqmhfaJ8ggEdsbOsxr4YbvjiTu3gVk1W0
        LxgU7yHWFXHw+niuroiKRTH5dsdDgCaeiT//5nxu4lQsPr7zIEANHOu5metWkbhWL8XOvECe74BX3+7Ida9oXO+3YkcAZgcLdh+4mssUibiUB8XM
        sUeAMs+u/M18TOg6fcPZuFR36/FOMXPsESC3L4q+vOAjQEI8ufQXs6mwb3Cs/HeXYlGdrSZel2JBgBRZu/mkedXctP2sM3GorlZRjBxrBGioWdSF
        5+a49xmaPRGgqaGCLrScWC1avg79RIAG2PFzn9ksunRDV2brrbpZzZ6KiWOLADXx9PJ9Zrbo2ct3Mltv1c3K9lRMHFsEqBmtauLSC3Hci2+WV2hB
        ADqS6MhDgGyycM3BoDAxE3litR8Zykw9VZeoororBo4lArSkh3j9ls7ghZXfziuqAz2+CNDSXlVr4MxscTgodC4OCodfmh/C71YdrIEu9PgiQGJT
        iVjNi9ODP82bAPpuq7nWhyleECBFvt7bH/2cMTsTTPz5Tuonv75T3x1VVFeOGQIkPq72yrX7kSdc6f5AUOh4JT0Bwu/Sd0YV1dHXGR4QoMUse++o
        /Sh09Yf0Hn3C77IefVRHjhUCpJ4mkdajUNyjD+kOCDC/rUKFoaDQtaR1AoTb1nfQ6oMA8z6Q3soYnf63vXWPPuG2rUxPBrgjQKp8sqPX7ICa7P04
        8ZNf27SK6sIxQYDUsebZn526FxT/WJHYya9taZu+r2uAABmcdMpKmy7dvZBM06iaPMNtWWnOPk5pjgAZG4Rivg8k0Ets9fbqO7M8OAcBPOKDL/+y
        3wfObW78uT/8rFX0nex7BMj8WNxgphhMdK+rv70//Iw+y6xuCOBM/8CJ3lvRL8UTI0Hx2PLaX3rD/9Vnooq+g/Z+BMjsWGJrQqrSWF9tnWTh/+h/
        rQm6GNuLAJlGy4yaSXN3euJbhtTic6fHTHLzbQlTBHCUl988HIyMTkSeyKfP9gcvrvrusZFd+p3+FlW0LW2TfYsAzvD86wfMO4E6rx58lNHPVqea
        tqFtsU8RwDk0W4P1Yny+/275xBb62XrhZRpzBHC+dUiD06OmLRkdmywTNe2KPkNrDwLkWgDl90Tl+CAAAuT+EWjqbn85yU3oZx6BEMCrl+Cvtn1U
        af7Uz7wEI4AXzaAHTgyXH222ffphRQD9rN/pbzSDIkBuO8IeTGN4VIBq6RR0hCGA06kQaup8sO0/SoC5bVjNoqRCIICTyXA3bhcfu3pbAszdRfQZ
        kuEQwPl0aM3QHDVNYZwAQp+xZqYmHRoBnBkQs37rqcjPVBNA6LMMiEEAZ4dExs3RWYsAwpqTlCGRCJDpQfFn/r4d+6xeqwDahrbFoHgEcGZaFOX3
        VOu8qlWAuU61qJwhpkVBgHkjbmKsWhalq0cAEbdoHxNjIUCqxE2N+P2vV2raRr0CCG2bqRERYN7b+63JcdVbW2tHVSMCaNtWLzOT4yJAKsStIl/P
        3PyNCCDi1ihgenQEaClxJ9/2Hy/Xta1GBRD6LhbIQIBUiVsiqZHHj2YEqPYYxhJJCJA4VodUo1fdZgSodjdikTwESJS4ZVIbPdmaFaCalCyTigAt
        b/UZvD7e8ONGEgLou1UHWoUQoGVocLpVVm063vB2kxBAqA5WUd05hgjQMAvXHDRTktuPDDW17aQEEKqLlYqtGDiWCNAQXadvRM/2PD0eFI8uS311
        eHM26bAuqlNUUQwcSwSom7jcm6mLbZk5+edQnZrJTUIAeCjlwFz7697FzJ38c6huVto0Y4kRoOl0h/Jq8KfeyqwAqhuryCNAUyx645C96N21/Zk9
        +SuL6oV1tDJGFRvHGAFiOdZz04kX30ZeiBUbxxgBTNZuPunUi28jL8SKkWONAJE9vlavamn8n2QWvU4LLbUU1tnqvaaHGAHq6vGd6HnfnZN/7oU4
        rDM9xAhQE5qCPGr+/nJi2Ui3cyf/HKp7VFGsTLuOAFVndVOTYvH4amcFUN2tZlFml0OAygB3K9V5emiPsyd/pVk0jMFKmWYgPQLEN3seWeq8AIqB
        ZlEEqDuVeKpvh/Mnf6VZNIylFSndCOA41kCX2eJwUOhcnBsBFItisgbOIICHbGzrMa+Kkxe25ufk/x/FZBXtCwTwbIYHM9vz/kDuTv5KtmgYm5Ut
        6utMEl4KsGXnuVx1eiXROaZ9ggAeoOnErU6v0mhvbk/+yl1gtNfsHPNxqnXvBGjbfcm++nevy70AitEq2jcIkGO0+JyV6z9z60TuT/5KikQYqzVm
        wLelWL0SYNe+gVymPCSZIqF9hAA5HellpTzMDB/y5uSv3AXCmK0UCZ9GjnkjwJ6Oweirf2nKq6v/Q3eBMPaoon2FAJ5c/fOQ8NaKRDlf7gILnLti
        U5wrWb6jIAAFARCAggAIQEEABKAgAAJQEAABKAiAABQEQAAKAiAABQHSXqFF+engPlleoYaZ4YBZIQAQAAABABAAAAEAEAAAAQAQAAABABAAAAEA
        EAAAAQAQAAABABAAAAEAEAAAAQAQAAABABAAAAEAEAAAAQAQAAABABAAAAEAEAAAAQAQAAABABAAAAEAEAAgMf4DWBEfpVDohu8AAAAASUVORK5C
        YII=
        """)
    /// 32×32, the hourglass in white on transparent, as Teams draws it in its app bar.
    package static let outline = decoded("""
        iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAA1klEQVR42mNgGAWjYBTgAP///68A4v1UwhXkOGD+f+qB+ZSGhgoQ/wbi7yA2AXXf
        oWpVqB0lswn5BinUZtMiTUgA8WeoBSZY5E2gciA1ErRMmCBwGIvcYahcBS1zBgsQX4cFMxA3QDEsekByLLTOnhbQRIYOQGIW9Cwj0EEFvQuqbiTL
        uweipBw4ByBFwWsopl8UICXC90AcA8Xv6ZII0bJhDRBHQHENXbIhjtRPn9yAVhTjA7QpipFKO2LAbGpbroKj9MMFKK+OB7xBMuBNslEwCkYMAAD6
        Oh9uddChKQAAAABJRU5ErkJggg==
        """)

    private static func decoded(_ base64: String) -> Data {
        guard let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters) else {
            preconditionFailure("an icon's literal is not base64")
        }
        return data
    }
}
